// The two pilot rules on the usage model: claude/hardcoded-api-key and claude/retries-disabled — findings,
// ranges, severities, suppressions, settings, and fixes applied to the text and analysed again.
import * as assert from 'assert';
import { evaluate, type EvaluateOptions } from '../../src/analysis/evaluate';
import { rules } from '../../src/analysis/registry';
import type { Finding, LanguageId } from '../../src/analysis/types';
import { ModelCatalog } from '../../src/models/catalog';
import { applyEdits, fakeKey, offsetOf, usageOf } from './usage.helpers';

const options: EvaluateOptions = { catalog: ModelCatalog.bundled(), asOf: '2026-11-22' };

async function findings(text: string, language: LanguageId, ruleId: string, extra: Partial<EvaluateOptions> = {}): Promise<Finding[]> {
  return evaluate(await usageOf(text, language), { ...options, ...extra }).filter((f) => f.ruleId === ruleId);
}

/** Applies the finding's preferred fix and returns the new text. */
function fixed(text: string, finding: Finding): string {
  const fix = finding.fixes.find((f) => f.isPreferred);
  assert.ok(fix, `${finding.ruleId} has a preferred fix`);
  return applyEdits(text, fix.edits);
}

describe('claude/hardcoded-api-key', () => {
  const key = fakeKey();
  const python = ['"""Client."""', 'import anthropic', '', `client = anthropic.Anthropic(api_key="${key}")`, ''].join('\n');

  it('is an error on the key, showing only its last four characters', async () => {
    const [finding, ...rest] = await findings(python, 'python', 'claude/hardcoded-api-key');
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(finding.severity, 'error');
    assert.deepStrictEqual([finding.startOffset, finding.endOffset], [offsetOf(python, 'sk-ant-'), offsetOf(python, 'sk-ant-') + key.length]);
    assert.deepStrictEqual(finding.range, { startLine: 3, startColumn: 38, endLine: 3, endColumn: 38 + key.length });
    assert.ok(!finding.message.includes(key.slice(13, 40)), 'the message must not show the key');
    assert.ok(finding.message.includes(`sk-ant-api03-…${key.slice(-4)}`), finding.message);
    assert.match(finding.message, /rotate the key/);
    assert.deepStrictEqual([finding.model, finding.replacement], [null, null]);
    assert.strictEqual(finding.fixes[0].kind, 'behaviour');
  });

  it('Python fix: reads os.environ, adds `import os` once after the imports; idempotent', async () => {
    const [finding] = await findings(python, 'python', 'claude/hardcoded-api-key');
    const once = fixed(python, finding);
    assert.strictEqual(once, ['"""Client."""', 'import anthropic', 'import os', '', 'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])', ''].join('\n'));
    assert.deepStrictEqual(await findings(once, 'python', 'claude/hardcoded-api-key'), []);
    // A second key in a file that now imports os: the fix adds no second import.
    const twoKeys = `${once}OTHER = "${fakeKey('api03', 5)}"\n`;
    const [second] = await findings(twoKeys, 'python', 'claude/hardcoded-api-key');
    const twice = fixed(twoKeys, second);
    assert.strictEqual(twice.match(/^import os$/gm)?.length, 1);
    assert.match(twice, /OTHER = os\.environ\["ANTHROPIC_API_KEY"\]/);
  });

  it('TypeScript fix: process.env, throwing when unset, in the quotes of the key; an Admin key goes to ANTHROPIC_ADMIN_KEY', async () => {
    const admin = fakeKey('admin01');
    const ts = ["import Anthropic from '@anthropic-ai/sdk';", `const client = new Anthropic({ apiKey: '${key}' });`, `const ADMIN = "${admin}";`, ''].join('\n');
    const found = await findings(ts, 'typescript', 'claude/hardcoded-api-key');
    assert.strictEqual(found.length, 2);
    let text = ts;
    for (const finding of [...found].reverse()) text = fixed(text, finding); // later first: earlier offsets stay valid
    assert.strictEqual(text, ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic({ apiKey: (process.env.ANTHROPIC_API_KEY || (() => { throw new Error(\'ANTHROPIC_API_KEY is not set: the key was moved out of the source, into the environment\'); })()) });', 'const ADMIN = (process.env.ANTHROPIC_ADMIN_KEY || (() => { throw new Error("ANTHROPIC_ADMIN_KEY is not set: the key was moved out of the source, into the environment"); })());', ''].join('\n'));
    assert.deepStrictEqual(await findings(text, 'typescript', 'claude/hardcoded-api-key'), []);
  });

  it('is silenced by a suppression comment and by its setting', async () => {
    const suppressed = `import anthropic\n# claude-health-ignore-next-line\nKEY = "${key}"\n`;
    assert.deepStrictEqual(await findings(suppressed, 'python', 'claude/hardcoded-api-key'), []);
    assert.deepStrictEqual(await findings(python, 'python', 'claude/hardcoded-api-key', { severity: { 'claude/hardcoded-api-key': 'off' } }), []);
    const [warning] = await findings(python, 'python', 'claude/hardcoded-api-key', { severity: { 'claude/hardcoded-api-key': 'warning' } });
    assert.strictEqual(warning.severity, 'warning');
  });

  it('reports a key in a comment too (a committed key is leaked either way), without a fix; placeholders stay out', async () => {
    for (const [text, language] of [
      [`import anthropic\n# old key: ${key}\n`, 'python'],
      [`import Anthropic from '@anthropic-ai/sdk';\n// old key: ${key}\n`, 'typescript'],
      [`const Anthropic = require('@anthropic-ai/sdk');\n/* old key:\n ${key} */\n`, 'javascript'],
    ] as const) {
      const [finding, ...rest] = await findings(text, language, 'claude/hardcoded-api-key');
      assert.deepStrictEqual(rest, [], language);
      assert.ok(finding, `${language}: a key in a comment is reported`);
      assert.strictEqual(text.slice(finding.startOffset, finding.endOffset), key);
      assert.deepStrictEqual([finding.severity, finding.fixes], ['error', []]);
    }
    const placeholders = 'import anthropic\n# key: sk-ant-api03-...\n# key: sk-ant-api03-YOUR-KEY-HERE\n# sk-ant-xxx\n';
    assert.deepStrictEqual(await findings(placeholders, 'python', 'claude/hardcoded-api-key'), []);
  });

  it('offers no fix for a key inside a longer string', async () => {
    const text = `import requests\nheaders = {"authorization": f"Bearer ${key}"}\n`;
    const [finding] = await findings(text, 'python', 'claude/hardcoded-api-key');
    assert.deepStrictEqual(finding.fixes, []);
  });
});

describe('claude/retries-disabled', () => {
  const python = ['import anthropic', 'client = anthropic.Anthropic(max_retries=0)', '', 'def ask():', '    return client.messages.create(model=M, max_tokens=1, messages=[])', ''].join('\n');

  it('warns on the client construction, and the fix raises the retries there', async () => {
    const [finding, ...rest] = await findings(python, 'python', 'claude/retries-disabled');
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(python.slice(finding.startOffset, finding.endOffset), 'anthropic.Anthropic(max_retries=0)');
    assert.match(finding.message, /max_retries=0, client\)/);
    assert.deepStrictEqual([finding.model, finding.replacement, finding.fixes[0].kind], [null, null, 'behaviour']);
    const once = fixed(python, finding);
    assert.strictEqual(once, python.replace('max_retries=0', 'max_retries=4'));
    assert.deepStrictEqual(await findings(once, 'python', 'claude/retries-disabled'), []);
  });

  it('follows with_options: the 0 on the request, or on a derived client', async () => {
    const text = ['from anthropic import Anthropic', 'client = Anthropic()', 'quick = client.with_options(max_retries=0)', 'quick.messages.create(model=M, max_tokens=1, messages=[])', 'client.with_options(max_retries=0).messages.create(model=M, max_tokens=1, messages=[])', ''].join('\n');
    const found = await findings(text, 'python', 'claude/retries-disabled');
    assert.strictEqual(found.length, 2);
    assert.deepStrictEqual(found.map((f) => f.fixes[0].edits[0].startOffset), [offsetOf(text, '0)'), offsetOf(text, '0)', 1)]);
    // The derived client is shown where it is bound; the per-request zero at its call.
    assert.deepStrictEqual(found.map((f) => text.slice(f.startOffset, f.endOffset)), ['client.with_options(max_retries=0)', 'client.with_options(max_retries=0).messages.create']);
  });

  it('TypeScript: per-request { maxRetries: 0 }; the fix edits the request option', async () => {
    const ts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', 'await client.messages.create({ model, max_tokens: 1, messages: [] }, { maxRetries: 0 });', ''].join('\n');
    const [finding] = await findings(ts, 'typescript', 'claude/retries-disabled');
    assert.match(finding.message, /maxRetries=0 on the request/);
    assert.strictEqual(ts.slice(finding.startOffset, finding.endOffset), 'client.messages.create');
    const once = fixed(ts, finding);
    assert.match(once, /\{ maxRetries: 4 \}/);
    assert.deepStrictEqual(await findings(once, 'typescript', 'claude/retries-disabled'), []);
  });

  it('is quiet when something retries around the call, for SDK defaults, unreadable values and suppressed lines', async () => {
    const decorated = ['import anthropic', 'from tenacity import retry', 'client = anthropic.Anthropic(max_retries=0)', '@retry', 'def ask():', '    return client.messages.create(model=M, max_tokens=1, messages=[])', ''].join('\n');
    assert.deepStrictEqual(await findings(decorated, 'python', 'claude/retries-disabled'), []);
    const helper = [...python.split('\n'), 'for i in range(3):', '    try:', '        ask()', '        break', '    except anthropic.APIError:', '        pass', ''].join('\n');
    assert.deepStrictEqual(await findings(helper, 'python', 'claude/retries-disabled'), []);
    assert.deepStrictEqual(await findings(python.replace('max_retries=0', ''), 'python', 'claude/retries-disabled'), []);
    assert.deepStrictEqual(await findings(python.replace('max_retries=0', 'max_retries=n'), 'python', 'claude/retries-disabled'), []);
    const suppressed = python.replace('client = anthropic', '# claude-health-ignore-next-line\nclient = anthropic');
    assert.deepStrictEqual(await findings(suppressed, 'python', 'claude/retries-disabled'), []);
  });

  it('reports a client once, however many bare calls use it; not when every call is inside a retry', async () => {
    const twoCalls = `${python}def again():\n    return client.messages.create(model=M, max_tokens=1, messages=[])\n`;
    assert.strictEqual((await findings(twoCalls, 'python', 'claude/retries-disabled')).length, 1);
    const ts = [
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { handleAll, retry, ExponentialBackoff } from 'cockatiel';",
      'const bare = new Anthropic({ maxRetries: 0 });',
      'const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });',
      'export const ask = (text: string) => policy.execute(() => bare.messages.create({ model, max_tokens: 1, messages: [] }));',
      '',
    ].join('\n');
    assert.deepStrictEqual(await findings(ts, 'typescript', 'claude/retries-disabled'), [], 'cockatiel policy.execute around the call');
    const retrying = [
      'import anthropic',
      'import tenacity',
      'quiet = anthropic.Anthropic(max_retries=0)',
      'def sweep(text):',
      '    for attempt in tenacity.Retrying(stop=tenacity.stop_after_attempt(3)):',
      '        with attempt:',
      '            return quiet.messages.create(model=M, max_tokens=1, messages=[])',
      '',
    ].join('\n');
    assert.deepStrictEqual(await findings(retrying, 'python', 'claude/retries-disabled'), [], 'for attempt in Retrying(...)');
    // One call inside a retry and one bare: the bare one is enough.
    const mixed = `${retrying}def bare(text):\n    return quiet.messages.create(model=M, max_tokens=1, messages=[])\n`;
    const [finding] = await findings(mixed, 'python', 'claude/retries-disabled');
    assert.strictEqual(mixed.slice(finding.startOffset, finding.endOffset), 'anthropic.Anthropic(max_retries=0)');
  });
});

describe('rules registry with the usage rules', () => {
  it('lists the four model rules, then the usage rules', () => {
    assert.deepStrictEqual(rules.map((rule) => rule.id), [
      'claude/model-retired',
      'claude/model-deprecated',
      'claude/model-unknown',
      'claude/model-alias',
      'claude/hardcoded-api-key',
      'claude/retries-disabled',
      'claude/no-retry',
      'claude/raw-http-missing-headers',
      'claude/stream-overload-unhandled',
      'claude/retry-without-backoff',
      'claude/retry-without-jitter',
      'claude/unbounded-retry',
      'claude/retries-non-retryable',
      'claude/ignores-retry-after',
      'claude/retry-swallowed',
      'claude/retry-stacked',
    ]);
  });
});
