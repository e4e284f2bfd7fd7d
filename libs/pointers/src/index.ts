export * from './entities';
export * from './nhs-number';
export * from './pointer-profile';
export * from './pointer-recorder';
export * from './pointer-resource';
export * from './pointers.module';
