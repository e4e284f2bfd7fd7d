import type { HubConfig } from '@hub/config';

/** The settings every pointer the hub makes carries (BARS.md §5.3). */
export interface PointerProfile {
  /** Author and custodian; the prefix of pointer ids. */
  odsCode: string;
  /** `content[0].attachment.url` is `<publicBaseUrl>/Appointment/<id>`. */
  publicBaseUrl: string;
  /** `https://fhir.nhs.uk/id/product-id`; the identifier is left out when unset. */
  productId: string | undefined;
  /** SNOMED CT code of `context.practiceSetting`. */
  practiceSetting: string;
}

export function pointerProfileOf(config: HubConfig): PointerProfile {
  return {
    odsCode: config.HUB_ODS_CODE,
    publicBaseUrl: config.publicBaseUrl,
    productId: config.POINTER_PRODUCT_ID,
    practiceSetting: config.POINTER_PRACTICE_SETTING,
  };
}
