// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v2 from './v2';

describe('Protocol > ListOffsets > v2', () => {
  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v2_kcat');
    const { header, body } = decodeGoldenRequest(v2, golden.request);
    expect(header).toEqual({ apiKey: 2, apiVersion: 2, correlationId: 5, clientId: 'rdkafka' });
    expect(body).toEqual({
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ name: 'fx', partitions: [{ partitionIndex: 0, timestamp: -2 }] }],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v2_kcat');
    const body = golden.body as Parameters<typeof v2.encodeResponse>[1];
    expect(encodeGoldenResponse(v2, 5, body)).toEqual(golden.response);
  });
});
