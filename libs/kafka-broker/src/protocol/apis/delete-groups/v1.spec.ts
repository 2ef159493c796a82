// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v1 from './v1';

describe('Protocol > DeleteGroups > v1', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v1_kafkajs');
    const { header, body } = decodeGoldenRequest(v1, golden.request);
    expect(header).toEqual({ apiKey: 42, apiVersion: 1, correlationId: 22, clientId: 'fixture' });
    expect(body).toEqual({ groupsNames: ['fx-group'] });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v1_kafkajs');
    const body = golden.body as Parameters<typeof v1.encodeResponse>[1];
    expect(encodeGoldenResponse(v1, 22, body)).toEqual(golden.response);
  });
});
