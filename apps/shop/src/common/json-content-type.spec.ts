import { isJsonMediaType } from './json-content-type';

describe('isJsonMediaType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/vnd.api+json',
    'application/merge-patch+json;charset=UTF-8',
  ])('accepts %s', (type) => expect(isJsonMediaType(type)).toBe(true));

  it.each([
    undefined,
    '',
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
    'application/+json',
    'application/json-seq',
  ])('refuses %s', (type) => expect(isJsonMediaType(type)).toBe(false));
});
