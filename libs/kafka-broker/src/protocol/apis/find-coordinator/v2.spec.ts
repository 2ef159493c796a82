// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v2 from './v2';

describe('Protocol > FindCoordinator > v2', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v2_kafkajs');
    const { header, body } = decodeGoldenRequest(v2, golden.request);
    expect(header).toEqual({ apiKey: 10, apiVersion: 2, correlationId: 2, clientId: 'fixture' });
    expect(body).toEqual({ key: 'fx-group', keyType: 0 });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v2_kafkajs');
    const body = golden.body as Parameters<typeof v2.encodeResponse>[1];
    expect(encodeGoldenResponse(v2, 2, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v2_kcat');
    const { header, body } = decodeGoldenRequest(v2, golden.request);
    expect(header).toEqual({ apiKey: 10, apiVersion: 2, correlationId: 4, clientId: 'rdkafka' });
    expect(body).toEqual({ key: 'fx-kcat', keyType: 0 });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v2_kcat');
    const body = golden.body as Parameters<typeof v2.encodeResponse>[1];
    expect(encodeGoldenResponse(v2, 4, body)).toEqual(golden.response);
  });
});
