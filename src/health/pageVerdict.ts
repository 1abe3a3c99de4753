/** What the official status page says about the API, reduced to a level and words. Pure. */
import type { StatusPageFailure, StatusPageSnapshot } from './types';

/** True for a failed status page fetch. */
export function isStatusPageFailure(value: StatusPageSnapshot | StatusPageFailure): value is StatusPageFailure {
  return 'error' in value;
}

/** What the status page says about the API, reduced to a level and words for the reason. */
export interface PageVerdict {
  level: 'none' | 'degraded' | 'outage';
  text: string;
}

const componentWords: Record<string, string> = {
  degraded_performance: 'degraded performance',
  partial_outage: 'a partial outage',
  major_outage: 'a major outage',
  under_maintenance: 'maintenance',
};

/**
 * Reads a snapshot. The API component decides when it was found; the page-wide indicator counts
 * only when it is major/critical (claude.ai incidents are frequent and say nothing about the API)
 * or when no API component was found.
 */
export function pageVerdict(page: StatusPageSnapshot): PageVerdict {
  const incident = page.incidents[0]?.name;
  const withIncident = (text: string): string => (incident ? `${text} ("${incident}")` : text);
  const api = page.apiComponent;
  if (api && api.status === 'under_maintenance') {
    const name = page.maintenances[0]?.name;
    return { level: 'degraded', text: `maintenance on ${api.name}${name ? ` ("${name}")` : ''}` };
  }
  if (api && (api.status === 'major_outage' || api.status === 'partial_outage' || api.status === 'degraded_performance')) {
    return { level: api.status === 'major_outage' ? 'outage' : 'degraded', text: withIncident(`${componentWords[api.status]} of ${api.name}`) };
  }
  const described = page.description || page.indicator;
  if (api) {
    return page.indicator === 'major' || page.indicator === 'critical' ? { level: 'degraded', text: withIncident(described) } : { level: 'none', text: described };
  }
  switch (page.indicator) {
    case 'critical':
      return { level: 'outage', text: withIncident(described) };
    case 'major':
    case 'minor':
      return { level: 'degraded', text: withIncident(described) };
    case 'maintenance':
      return page.maintenances.length > 0 ? { level: 'degraded', text: `maintenance ("${page.maintenances[0].name}")` } : { level: 'none', text: described };
    default:
      return { level: 'none', text: described };
  }
}
