// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v3 from './v3';

describe('Protocol > SyncGroup > v3', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const { header, body } = decodeGoldenRequest(v3, golden.request);
    expect(header).toEqual({ apiKey: 14, apiVersion: 3, correlationId: 5, clientId: 'fixture' });
    expect(body).toEqual({
      groupId: 'fx-group',
      generationId: 1,
      memberId: 'fixture-c0035590-2be2-4f10-804e-5bae872b3ea5',
      groupInstanceId: null,
      assignments: [
        {
          memberId: 'fixture-c0035590-2be2-4f10-804e-5bae872b3ea5',
          assignment: Buffer.from('0000000000010002667800000002000000000000000100000000', 'hex'),
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const body = golden.body as Parameters<typeof v3.encodeResponse>[1];
    expect(encodeGoldenResponse(v3, 5, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v3_kcat');
    const { header, body } = decodeGoldenRequest(v3, golden.request);
    expect(header).toEqual({ apiKey: 14, apiVersion: 3, correlationId: 6, clientId: 'rdkafka' });
    expect(body).toEqual({
      groupId: 'fx-kcat',
      generationId: 1,
      memberId: 'rdkafka-0d80c791-5793-4e64-bb1b-cde201b5da49',
      groupInstanceId: null,
      assignments: [
        {
          memberId: 'rdkafka-0d80c791-5793-4e64-bb1b-cde201b5da49',
          assignment: Buffer.from('0000000000010002667800000002000000000000000100000000', 'hex'),
        },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v3_kcat');
    const body = golden.body as Parameters<typeof v3.encodeResponse>[1];
    expect(encodeGoldenResponse(v3, 6, body)).toEqual(golden.response);
  });
});
