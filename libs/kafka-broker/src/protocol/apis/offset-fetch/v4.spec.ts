// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v4 from './v4';

describe('Protocol > OffsetFetch > v4', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v4_kafkajs');
    const { header, body } = decodeGoldenRequest(v4, golden.request);
    expect(header).toEqual({ apiKey: 9, apiVersion: 4, correlationId: 6, clientId: 'fixture' });
    expect(body).toEqual({
      groupId: 'fx-group',
      topics: [{ name: 'fx', partitionIndexes: [0, 1] }],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v4_kafkajs');
    const body = golden.body as Parameters<typeof v4.encodeResponse>[1];
    expect(encodeGoldenResponse(v4, 6, body)).toEqual(golden.response);
  });
});
