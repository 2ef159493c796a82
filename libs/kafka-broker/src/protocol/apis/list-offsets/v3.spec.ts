// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v3 from './v3';

describe('Protocol > ListOffsets > v3', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const { header, body } = decodeGoldenRequest(v3, golden.request);
    expect(header).toEqual({ apiKey: 2, apiVersion: 3, correlationId: 7, clientId: 'fixture' });
    expect(body).toEqual({
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        {
          name: 'fx',
          partitions: [
            { partitionIndex: 0, timestamp: -2 },
            { partitionIndex: 1, timestamp: -2 },
          ],
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const body = golden.body as Parameters<typeof v3.encodeResponse>[1];
    expect(encodeGoldenResponse(v3, 7, body)).toEqual(golden.response);
  });
});
