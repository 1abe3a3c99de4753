/**
 * Status page: the overall indicator, the Claude API component, unresolved incidents and maintenance
 * under way, with links (the health feature's client, src/health/statusPage.ts). Anything Anthropic
 * reports is a warning owned by Anthropic, which leads the verdict when nothing fails; with an outage of
 * the API component it explains the API's own 5xx (verdict.ts). The page unreachable is only a warning:
 * it lags real failures anyway (facts §4). Needs nothing: it runs beside the network chain. Pure.
 */
import { fetchStatusPage, statusPageLink } from '../../health/statusPage';
import { ownedFetch } from '../api/exchange';
import { apiFetchFor } from '../net/apiFetch';
import { maskProxyUrl, proxyForUrl } from '../proxy';
import type { ComponentStatus, StatusPageSnapshot } from '../../health/types';
import type { CheckContext, CheckFacts, CheckOutcome, DiagnosisCheck, Evidence } from '../types';

const COMPONENT_WORDS: Record<ComponentStatus, string> = {
  operational: 'operational',
  degraded_performance: 'degraded performance',
  partial_outage: 'partial outage',
  major_outage: 'major outage',
  under_maintenance: 'under maintenance',
  unknown: 'status unknown',
};

/** Component states that mean requests fail, so an API 5xx at the same time is explained by them. */
export const OUTAGE_STATES: readonly ComponentStatus[] = ['partial_outage', 'major_outage'];

export const statusPageCheck: DiagnosisCheck = {
  id: 'statusPage',
  title: 'Status page',
  needs: [],
  async run(context: CheckContext): Promise<CheckOutcome> {
    const link = statusPageLink(context.inputs.statusPageUrl);
    // A pool of its own, closed at the end: no socket outlives the check. The page is another host than the
    // API, so its own proxy decision (it needs nothing, so it cannot wait for the configuration check's);
    // the extra CAs (a gateway's, a TLS-intercepting proxy's the user trusts) apply too.
    const proxyUrl = pageProxy(link, context);
    const special = apiFetchFor(proxyUrl, { ...(context.extraCaCertificates && { caCertificates: context.extraCaCertificates }), signal: context.signal });
    const pool = special ? { fetch: special as typeof fetch, destroy: () => special.close() } : await ownedFetch(context.inputs.timeoutMs);
    const page = await fetchStatusPage({ pageUrl: context.inputs.statusPageUrl, timeoutMs: context.inputs.timeoutMs, signal: context.signal, now: context.now, fetchImpl: pool.fetch }).finally(() => pool.destroy().catch(() => undefined));
    if ('error' in page) {
      return {
        status: 'warn',
        summary: `Could not read the status page (${page.detail}); it lags real failures anyway, so nothing here rests on it.`,
        owner: 'network',
        nextStep: `Open ${link} in a browser if you need Anthropic's own word.`,
        evidence: [
          { label: 'Page', value: link },
          { label: 'Proxy', value: proxyUrl ? maskProxyUrl(proxyUrl) : 'none' },
          { label: 'Failure', value: `${page.error}${page.status !== undefined ? ` (HTTP ${page.status})` : ''}: ${page.detail}` },
        ],
      };
    }
    const facts: Partial<CheckFacts> = {
      statusPage: {
        indicator: page.indicator,
        incidents: page.incidents.length,
        maintenances: page.maintenances.length,
        ...(page.apiComponent && { apiComponentStatus: page.apiComponent.status }),
      },
    };
    const evidence = pageEvidence(page, link);
    evidence.splice(1, 0, { label: 'Proxy', value: proxyUrl ? maskProxyUrl(proxyUrl) : 'none' });
    const api = page.apiComponent;
    const apiWords = api ? `${api.name}: ${COMPONENT_WORDS[api.status]}` : 'no Claude API component found on the page';
    const reported = (cause: string, nextStep: string): CheckOutcome => ({ status: 'warn', summary: `${page.description}; ${apiWords}.`, owner: 'anthropic', cause, nextStep, evidence, facts });

    const [incident] = page.incidents;
    if (incident) {
      const more = page.incidents.length > 1 ? ` (and ${page.incidents.length - 1} more)` : '';
      return reported(`Anthropic reports an incident: ${incident.name}.${more ? ` ${more.trim()}` : ''}`, `Follow ${incident.url ?? link}; retry when it is resolved (the SDKs' retries cover short blips).`);
    }
    const [maintenance] = page.maintenances;
    if (maintenance) return reported(`Anthropic reports maintenance: ${maintenance.name}.`, `Follow ${maintenance.url ?? link}${maintenance.scheduledUntil ? `; scheduled until ${maintenance.scheduledUntil}` : ''}.`);
    if (api && api.status !== 'operational' && api.status !== 'unknown') {
      return reported(`Anthropic reports ${COMPONENT_WORDS[api.status]} of ${api.name}.`, `Follow ${link}; retry later.`);
    }
    if (page.indicator !== 'none' && page.indicator !== 'unknown') {
      return reported(`Anthropic reports: ${page.description}.`, `See ${link}: the Claude API itself is not listed as affected.`);
    }
    return { status: 'pass', summary: `${page.description}; ${apiWords}.`, evidence, facts };
  },
};

/** The proxy that applies to the page's URL under the user's settings (curl's rules, or VS Code's), if any. */
function pageProxy(link: string, context: CheckContext): string | undefined {
  try {
    return proxyForUrl(new URL(link), context.inputs.proxy).proxyUrl;
  } catch {
    return undefined;
  }
}

function pageEvidence(page: StatusPageSnapshot, link: string): Evidence[] {
  const evidence: Evidence[] = [
    { label: 'Page', value: link },
    { label: 'Indicator', value: `${page.indicator}: ${page.description}` },
    { label: 'Claude API component', value: page.apiComponent ? `${page.apiComponent.name}: ${COMPONENT_WORDS[page.apiComponent.status]}` : 'not found' },
  ];
  for (const incident of page.incidents) {
    evidence.push({ label: 'Incident', value: `${incident.name} (${incident.status}, impact ${incident.impact}${incident.startedAt ? `, since ${incident.startedAt}` : ''})${incident.url ? ` ${incident.url}` : ''}` });
  }
  for (const maintenance of page.maintenances) {
    evidence.push({ label: 'Maintenance', value: `${maintenance.name} (${maintenance.status}${maintenance.scheduledUntil ? `, until ${maintenance.scheduledUntil}` : ''})${maintenance.url ? ` ${maintenance.url}` : ''}` });
  }
  return evidence;
}
