import { Link } from 'react-router';
import type { components } from '../api/schema';

type CaseLink = components['schemas']['CaseLinkResponse'];

/** Another case by its number: a link when the caller may open it, the bare number otherwise. */
export function CaseNumberLink({ link }: { link: CaseLink }) {
  return link.openable ? <Link to={`/cases/${link.id}`}>{link.caseNo}</Link> : <>{link.caseNo}</>;
}
