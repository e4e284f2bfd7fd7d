import { INTERACTIONS, InteractionIds, interactionFor, interactionsAt } from './interactions';

describe('the interaction registry (GPCONNECT.md §1.1)', () => {
  it('knows every interaction id once', () => {
    expect(new Set(INTERACTIONS.map((i) => i.id)).size).toBe(INTERACTIONS.length);
    expect(Object.values(InteractionIds).sort()).toEqual(INTERACTIONS.map((i) => i.id).sort());
  });

  it('matches the verb and path', () => {
    expect(interactionFor('GET', '/metadata', InteractionIds.metadata)?.scope).toBe('organization');
    expect(interactionFor('GET', '/Patient/abc-1', InteractionIds.readPatient)?.access).toBe('read');
    expect(interactionFor('GET', '/Patient/abc/Appointment', InteractionIds.searchPatientAppointments)).toBeDefined();
    expect(interactionFor('POST', '/metadata', InteractionIds.metadata)).toBeUndefined();
    expect(interactionFor('GET', '/metadata', InteractionIds.searchOrganization)).toBeUndefined();
  });

  it('tells amend from cancel only by the id (same verb and path)', () => {
    expect(interactionFor('PUT', '/Appointment/1', InteractionIds.updateAppointment)?.id).toBe(InteractionIds.updateAppointment);
    expect(interactionFor('PUT', '/Appointment/1', InteractionIds.cancelAppointment)?.id).toBe(InteractionIds.cancelAppointment);
  });

  it.each(['/Metadata', '/metadata/', '/metadatas', '/Patient/', '/Patient/a/b', '/Patient/a#b', ''])('serves nothing at %j', (path) => {
    expect(interactionsAt(path)).toEqual([]);
  });
});
