export * from './appointment-stu3';
export * from './book-request';
export * from './change-request';
export * from './profiles';
export * from './search-params';
export * from './slot-stu3';
export * from './stored';
