import { HostedServices } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import { RecError, Systems, elementTypeError, nowInstant, sameSystem } from '@hub/fhir';
import {
  checkBundleVersion,
  checkDefinition,
  checkMessageIntegrity,
  checkMediaVersions,
  parseBarsHeaders,
  parseInboundMessage,
  useCaseOf,
  validateOperation,
  type BarsHeaders,
  type HeaderBag,
  type InboundMessage,
} from '@hub/message';
import { Injectable } from '@nestjs/common';
import { SenderAccess } from '../http/sender-access';
import { assertSafeBody, parseJsonBody } from './json-body';
import { cleanMessage, referencesResolve } from './message-walk';

export interface Admitted {
  bars: BarsHeaders;
  message: InboundMessage;
}

/**
 * Everything `$process-message` checks before it records a message, in the order of BARS.md §6: the
 * transaction headers, the routing target, the media-type version, the Bundle, its application version,
 * its MessageDefinition, the operation's own parts, every element's R4 datatype, the destination and its
 * use cases. No writes; the
 * only reads are of the hosted services, cached.
 */
@Injectable()
export class MessageGate {
  constructor(
    private readonly config: HubConfig,
    private readonly hosted: HostedServices,
    private readonly access: SenderAccess,
  ) {}

  async admit(headers: HeaderBag, text: unknown): Promise<Admitted> {
    const bars = parseBarsHeaders(headers);
    await this.access.check(headers);
    if (!sameSystem(bars.target.system, Systems.dosServiceId) || (await this.hosted.find(bars.target.value)) === undefined) {
      throw RecError.notFound('NHSD-Target-Identifier names a service this receiver does not host');
    }
    checkMediaVersions(headers, this.config.supportedCoreMajors);
    const body = parseJsonBody(headers, text);
    // One walk for the element checks below; any of them it cannot pass runs in full, in its place.
    const clean = cleanMessage(body, text as string);
    assertSafeBody(body, clean);
    const message = parseInboundMessage(body);
    checkBundleVersion(message.bundle, this.config.supportedMessageVersions);
    checkDefinition(message.bundle, message.definition);
    if (clean === undefined || !referencesResolve(message, clean)) checkMessageIntegrity(message);
    validateOperation(message, nowInstant());
    // Last, so the rules above name what they refuse in their own words: the rest of the message must be
    // R4 as the hub stores and echoes it (docs/decisions.md, "The answer is the record").
    const typeError = clean === undefined ? elementTypeError(message.bundle, 'Bundle') : undefined;
    if (typeError) throw typeError;

    const service = await this.hosted.find(message.destinationService);
    if (service === undefined) throw RecError.notFound('MessageHeader.destination.endpoint names a service this receiver does not host');
    const useCase = useCaseOf(message);
    if (useCase !== undefined && service.useCases.length > 0 && !service.useCases.includes(useCase)) {
      throw RecError.unprocessable(
        'not-supported',
        `The destination service does not take use case "${useCase}" (Appointment.serviceCategory)`,
      );
    }
    return { bars, message };
  }
}
