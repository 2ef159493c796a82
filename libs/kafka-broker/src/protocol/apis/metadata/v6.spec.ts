// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v6 from './v6';

describe('Protocol > Metadata > v6', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v6_kafkajs');
    const { header, body } = decodeGoldenRequest(v6, golden.request);
    expect(header).toEqual({ apiKey: 3, apiVersion: 6, correlationId: 1, clientId: 'fixture' });
    expect(body).toEqual({ topics: null, allowAutoTopicCreation: false });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v6_kafkajs');
    const body = golden.body as Parameters<typeof v6.encodeResponse>[1];
    expect(encodeGoldenResponse(v6, 1, body)).toEqual(golden.response);
  });
});
