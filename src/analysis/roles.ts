/**
 * The role of a model literal, read from the syntax tree around it (and, where the tree is broken, from
 * the text before it). Works for the Python, JavaScript, TypeScript and TSX grammars: their node types
 * differ in name only where both are listed. Pure: no `vscode` import.
 */
import type { Node } from 'web-tree-sitter';
import type { LiteralRole } from './types';

/** Keys and keyword arguments that name the model (`model=`, LangChain's `model_name`, Bedrock's `model_id`). */
const MODEL_KEYS = new Set(['model', 'model_name', 'modelName', 'model_id', 'modelId']);

/** Method chains (last names of the callee) that send a request with a `model`. */
const API_METHOD_SUFFIXES: readonly (readonly string[])[] = [
  ['messages', 'create'],
  ['messages', 'stream'],
  ['messages', 'parse'],
  ['messages', 'count_tokens'],
  ['messages', 'countTokens'],
  ['batches', 'create'], // messages.batches.create: the model sits in each request's params
  ['completions', 'create'], // legacy Text Completions, and the OpenAI-compatible endpoint
];

/** Client constructors that take the model (LangChain). */
const MODEL_CLIENT_CONSTRUCTORS = new Set(['ChatAnthropic', 'ChatAnthropicMessages', 'ChatAnthropicVertex', 'ChatBedrock', 'ChatBedrockConverse']);

/** Framework calls whose `model=` sends a request: LiteLLM's `completion` / `acompletion` (`model="anthropic/claude-…"`). */
const MODEL_KEYWORD_CALLS = new Set(['completion', 'acompletion']);

/**
 * Calls whose first argument is the model: Vercel AI SDK providers, LangChain's `init_chat_model`,
 * PydanticAI's `Agent("anthropic:claude-…")` and `AnthropicModel("claude-…")`.
 */
const MODEL_FACTORY_CALLS = new Set(['anthropic', 'bedrock', 'vertexAnthropic', 'init_chat_model', 'initChatModel', 'Agent', 'AnthropicModel']);
/** `anthropic.<method>("claude-…")`: the Vercel AI SDK's provider methods, Mirascope's `@anthropic.call("claude-…")` decorator. */
const MODEL_FACTORY_METHODS = new Set(['languageModel', 'chat', 'messages', 'call']);

/** Equality operators: a model ID compared with them picks a branch (`if model == "claude-…"`). */
const EQUALITY_OPERATORS = new Set(['==', '!=', '===', '!==']);

/** Calls that only build request parameters (Python): a `model=` inside them counts where they are used. */
const PARAMETER_BUILDERS = new Set(['dict', 'Request', 'MessageCreateParams', 'MessageCreateParamsNonStreaming', 'MessageCreateParamsStreaming']);

/** Names skipped in a callee chain: `client.messages.with_raw_response.create(…)` is `messages.create`. */
const TRANSPARENT_CALLEE_NAMES = new Set(['with_raw_response', 'with_streaming_response']);

/** Nodes that pass their value through unchanged. */
const WRAPPERS = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'type_assertion',
  'await',
  'await_expression',
  'boolean_operator', // Python `a or "claude-…"`
  'jsx_expression', // `model={'claude-…'}`
]);

/** Collections whose elements belong to whatever the collection is assigned or passed to. */
const CONTAINERS = new Set(['list', 'tuple', 'set', 'array', 'expression_list', 'dictionary', 'object', 'spread_element', 'dictionary_splat', 'list_splat']);

/** Declarations whose value side makes a literal a `constant`, with the field that holds the value. */
const VALUE_FIELDS: Readonly<Record<string, string>> = {
  assignment: 'right', // Python, also `X: str = …` and class attributes / enum members
  named_expression: 'value',
  default_parameter: 'value',
  typed_default_parameter: 'value',
  variable_declarator: 'value',
  assignment_expression: 'right',
  public_field_definition: 'value',
  field_definition: 'value',
  enum_assignment: 'value',
  required_parameter: 'value',
  optional_parameter: 'value',
  assignment_pattern: 'right',
  object_assignment_pattern: 'right',
};

/** Statements and bodies that hand their value on (`return "claude-…"`, `() => "claude-…"`). */
const RETURNS = new Set(['return_statement', 'arrow_function', 'lambda']);

/** How far up the tree to look before calling a literal `other`. */
const MAX_DEPTH = 24;

/**
 * The role of the string literal `literal` (a `string` or `template_string` node), or undefined if an
 * ERROR node was met on the way up (the caller then guesses from the text). `text` is the document.
 */
export function roleFromTree(literal: Node, text: string): LiteralRole | undefined {
  let child = literal;
  let underModelKey = false;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = child.parent;
    if (!parent) return 'other';
    const type = parent.type;
    if (type === 'ERROR') return undefined;
    if (WRAPPERS.has(type) || CONTAINERS.has(type)) {
      child = parent;
      continue;
    }
    switch (type) {
      case 'conditional_expression': // Python `a if cond else b`: children a, "if", cond, "else", b
        if (parent.namedChild(1)?.id === child.id) return 'other';
        child = parent;
        continue;
      case 'ternary_expression':
        if (parent.childForFieldName('condition')?.id === child.id) return 'other';
        child = parent;
        continue;
      case 'binary_expression': {
        const operator = parent.childForFieldName('operator')?.type;
        if (operator !== undefined && EQUALITY_OPERATORS.has(operator)) return 'comparison';
        if (operator !== '||' && operator !== '??' && operator !== '&&') return 'other'; // `<`, `+`, …
        child = parent;
        continue;
      }
      case 'comparison_operator': // Python `a == b`; `in`, `<` and the rest stay `other`
        return hasEqualityOperator(parent) ? 'comparison' : 'other';
      case 'switch_case': // `case "claude-…":` picks a branch like `===`
        return parent.childForFieldName('value')?.id === child.id ? 'comparison' : 'other';
      case 'pair': {
        const key = parent.childForFieldName('key');
        if (!key || key.id === child.id) return 'other'; // a dict key: a price table, a lookup
        if (MODEL_KEYS.has(unquote(slice(text, key)))) underModelKey = true;
        child = parent;
        continue;
      }
      case 'keyword_argument': {
        const argumentList = parent.parent;
        if (argumentList?.type !== 'argument_list') return undefined; // error recovery took the call apart
        const call = argumentList.parent;
        if (!call) return undefined;
        if (MODEL_KEYS.has(slice(text, parent.childForFieldName('name')))) underModelKey = true;
        const callee = calleeOf(call, text);
        if (isParameterBuilder(callee)) {
          child = call;
          continue;
        }
        if (!underModelKey) return 'other';
        return isModelCall(callee) || MODEL_KEYWORD_CALLS.has(lastName(callee.names)) ? 'apiCall' : 'constant';
      }
      case 'jsx_attribute': {
        const name = parent.namedChild(0);
        return name && MODEL_KEYS.has(slice(text, name)) ? 'constant' : 'other';
      }
      case 'argument_list':
      case 'arguments': {
        const call = parent.parent;
        if (!call) return 'other';
        const callee = calleeOf(call, text);
        if (isParameterBuilder(callee) || (isLookup(callee) && parent.namedChild(1)?.id === child.id)) {
          child = call;
          continue;
        }
        if (isModelCall(callee)) {
          if (underModelKey) return 'apiCall';
          if (isModelFactory(callee.names) && parent.namedChild(0)?.id === child.id) return 'apiCall';
          return 'other';
        }
        return underModelKey ? 'constant' : 'other';
      }
    }
    const valueField = VALUE_FIELDS[type];
    if (valueField) return parent.childForFieldName(valueField)?.id === child.id ? 'constant' : 'other';
    if (RETURNS.has(type)) return 'constant';
    // A value under a `model` key is a setting wherever its object goes (`export default { model: … }`).
    return underModelKey ? 'constant' : 'other';
  }
  return underModelKey ? 'constant' : 'other';
}

/** Patterns on the text before a literal, for when the tree around it is broken. */
const MODEL_KEY_BEFORE = /\b(?:model|model_name|modelName|model_id|modelId)["']?\s*[:=]\s*$/;
const FACTORY_CALL_BEFORE = /(?:\b(?:anthropic|bedrock|vertexAnthropic|init_chat_model|initChatModel|Agent|AnthropicModel)|\banthropic\s*\.\s*(?:call|languageModel|chat|messages))\s*\(\s*$/;
const API_CALL_NEARBY =
  /messages\s*\.\s*(?:create|stream|parse|count_tokens|countTokens)\b|batches\s*\.\s*create\b|ChatAnthropic|completions\s*\.\s*create\b|\ba?completion\s*\(/;
const EQUALITY_BEFORE = /(?:==|!=)=?\s*$/;
const ASSIGNMENT_BEFORE = /(?:^|[^=!<>])=\s*$|^\s*(?:export\s+)?(?:const|let|var)\s/;

/**
 * The role guessed from the text before the literal's opening quote at `quoteOffset`: `model=` near an
 * API call is `apiCall`, an assignment is `constant`, the rest `other`.
 */
export function roleFromText(text: string, quoteOffset: number): LiteralRole {
  const lineStart = text.lastIndexOf('\n', quoteOffset - 1) + 1;
  const before = text.slice(lineStart, quoteOffset);
  if (FACTORY_CALL_BEFORE.test(before)) return 'apiCall';
  if (EQUALITY_BEFORE.test(before)) return 'comparison';
  if (MODEL_KEY_BEFORE.test(before)) {
    // Look back a few lines for the call the argument belongs to.
    const contextStart = Math.max(0, quoteOffset - 600);
    return API_CALL_NEARBY.test(text.slice(contextStart, quoteOffset)) ? 'apiCall' : 'constant';
  }
  return ASSIGNMENT_BEFORE.test(before) ? 'constant' : 'other';
}

function slice(text: string, node: Node | null): string {
  return node ? text.slice(node.startIndex, node.endIndex) : '';
}

function unquote(key: string): string {
  const first = key.charAt(0);
  return (first === '"' || first === "'" || first === '`') && key.endsWith(first) ? key.slice(1, -1) : key;
}

/** A call's kind and callee as names: `client.beta.messages.create(…)` → [client, beta, messages, create]. */
interface Callee {
  callType: string;
  names: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Longer callee text is not a name chain (an inline function, say). */
const MAX_CALLEE_LENGTH = 300;

/** Reads the callee from the text (one tree lookup, where walking its member nodes would take a dozen). */
function calleeOf(call: Node, text: string): Callee {
  const callType = call.type;
  const callee = call.childForFieldName(callType === 'new_expression' ? 'constructor' : 'function');
  if (!callee || callee.endIndex - callee.startIndex > MAX_CALLEE_LENGTH) return { callType, names: ['*'] };
  const names = slice(text, callee)
    .replace(/\s+/g, '')
    .split(/\?\.|\./)
    .filter((name) => !TRANSPARENT_CALLEE_NAMES.has(name))
    .map((name) => (IDENTIFIER.test(name) ? name : '*'));
  return { callType, names };
}

function endsWith(names: readonly string[], suffix: readonly string[]): boolean {
  if (names.length < suffix.length) return false;
  const offset = names.length - suffix.length;
  return suffix.every((name, i) => names[offset + i] === name);
}

function lastName(names: readonly string[]): string {
  return names[names.length - 1] ?? '';
}

/** A call that sends a model: an API method, a LangChain client constructor, or a model factory. */
function isModelCall({ names }: Callee): boolean {
  return API_METHOD_SUFFIXES.some((suffix) => endsWith(names, suffix)) || MODEL_CLIENT_CONSTRUCTORS.has(lastName(names)) || isModelFactory(names);
}

/** `anthropic('…')`, `anthropic.languageModel('…')`, `init_chat_model('…')`. */
function isModelFactory(names: readonly string[]): boolean {
  if (names.length === 1) return MODEL_FACTORY_CALLS.has(names[0]);
  return names.length === 2 && names[0] === 'anthropic' && MODEL_FACTORY_METHODS.has(names[1]);
}

/** Whether a Python `comparison_operator` node compares with `==` or `!=` (its operators are unnamed children). */
function hasEqualityOperator(comparison: Node): boolean {
  const childCount = comparison.childCount;
  for (let i = 0; i < childCount; i++) {
    const child = comparison.child(i);
    if (child && !child.isNamed && EQUALITY_OPERATORS.has(child.type)) return true;
  }
  return false;
}

/** Python calls that only build parameters, and JavaScript's `Object.freeze({...})` (an enum-like table). */
function isParameterBuilder({ callType, names }: Callee): boolean {
  if (callType === 'call') return PARAMETER_BUILDERS.has(lastName(names));
  return callType === 'call_expression' && names.length === 2 && names[0] === 'Object' && names[1] === 'freeze';
}

/**
 * A lookup with a default, `os.getenv("M", "claude-…")` or `config.get("model", "claude-…")`: its second
 * argument is the value used where the lookup's result goes.
 */
function isLookup({ names }: Callee): boolean {
  const last = lastName(names);
  return last === 'getenv' || last === 'get';
}
