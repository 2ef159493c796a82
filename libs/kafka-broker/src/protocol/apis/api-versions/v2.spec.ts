// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v2 from './v2';

describe('Protocol > ApiVersions > v2', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v2_kafkajs');
    const { header, body } = decodeGoldenRequest(v2, golden.request);
    expect(header).toEqual({ apiKey: 18, apiVersion: 2, correlationId: 0, clientId: 'fixture' });
    expect(body).toEqual({});
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v2_kafkajs');
    const body = golden.body as Parameters<typeof v2.encodeResponse>[1];
    expect(encodeGoldenResponse(v2, 0, body)).toEqual(golden.response);
  });
});
