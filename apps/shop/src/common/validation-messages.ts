import type { ValidationError } from 'class-validator';

/** The 400 of a body that is JSON but not an object (an array, a string, `null`). */
export const NOT_AN_OBJECT = 'the request body must be a JSON object';

/**
 * Constraints that say what kind of value a field takes. When one of them fails, the others
 * (length, range, pattern) are noise: `"12"` for an integer is "must be an integer", not also
 * "must not be greater than 2147483647; must not be less than 0".
 */
const TYPE_CONSTRAINTS = [
  'whitelistValidation',
  'unknownValue',
  'isDefined',
  'isArray',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isObject',
  'nestedValidation',
];

/**
 * One message per faulty field, the most basic fault first: missing, then null, then the wrong
 * type, then the first of its other constraints in the order the DTO declares them.
 * class-validator reports every failed constraint of a field (a missing `name` failed its NUL
 * check and its length too), in the reverse of their declaration order.
 */
export function validationMessages(errors: readonly ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const message = fieldMessage(error, path);
    if (message) out.push(message);
    if (error.children?.length) out.push(...validationMessages(error.children, path));
  }
  return out;
}

function fieldMessage(error: ValidationError, path: string): string | undefined {
  const constraints = error.constraints;
  if (!constraints) return undefined;
  const names = Object.keys(constraints);
  if (names.includes('unknownValue')) return NOT_AN_OBJECT;
  if (names.includes('whitelistValidation')) return `property ${path} should not exist`;
  if (error.value === undefined) return `${path} is required`;
  if (error.value === null) return `${path} must not be null`;
  const chosen = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? names[names.length - 1];
  const text = constraints[chosen];
  // class-validator names only the field itself; a nested one is named by its whole path.
  return path !== error.property && text.startsWith(error.property)
    ? path + text.slice(error.property.length)
    : text;
}
