// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v3 from './v3';

describe('Protocol > CreateTopics > v3', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const { header, body } = decodeGoldenRequest(v3, golden.request);
    expect(header).toEqual({ apiKey: 19, apiVersion: 3, correlationId: 2, clientId: 'fixture' });
    expect(body).toEqual({
      topics: [
        { name: 'fx', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] },
        { name: 'fx-gone', numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const body = golden.body as Parameters<typeof v3.encodeResponse>[1];
    expect(encodeGoldenResponse(v3, 2, body)).toEqual(golden.response);
  });
});
