// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v0 from './v0';

describe('Protocol > ApiVersions > v0', () => {
  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v0_kcat');
    const { header, body } = decodeGoldenRequest(v0, golden.request);
    expect(header).toEqual({ apiKey: 18, apiVersion: 0, correlationId: 2, clientId: 'rdkafka' });
    expect(body).toEqual({});
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v0_kcat');
    const body = golden.body as Parameters<typeof v0.encodeResponse>[1];
    expect(encodeGoldenResponse(v0, 2, body)).toEqual(golden.response);
  });
});
