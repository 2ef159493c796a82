// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v4 from './v4';

describe('Protocol > Metadata > v4', () => {
  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v4_kcat');
    const { header, body } = decodeGoldenRequest(v4, golden.request);
    expect(header).toEqual({ apiKey: 3, apiVersion: 4, correlationId: 3, clientId: 'rdkafka' });
    expect(body).toEqual({ topics: [], allowAutoTopicCreation: false });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v4_kcat');
    const body = golden.body as Parameters<typeof v4.encodeResponse>[1];
    expect(encodeGoldenResponse(v4, 3, body)).toEqual(golden.response);
  });
});
