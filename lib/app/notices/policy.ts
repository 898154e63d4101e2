// The policy version a notice message names, read from the catalog.
import type { PolicyVersion } from '../../domain/policy.ts';
import type { Deps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';

export async function policyById(deps: Pick<Deps, 'policies'>, policyId: string): Promise<PolicyVersion> {
  const policy = (await deps.policies.all()).find((candidate) => candidate.id === policyId);
  if (!policy) throw new NotFoundError(`policy version ${policyId} is not known`);
  return policy;
}
