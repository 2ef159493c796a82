// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v5 from './v5';

describe('Protocol > OffsetCommit > v5', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v5_kafkajs');
    const { header, body } = decodeGoldenRequest(v5, golden.request);
    expect(header).toEqual({ apiKey: 8, apiVersion: 5, correlationId: 8, clientId: 'fixture' });
    expect(body).toEqual({
      groupId: 'fx-group',
      generationId: 1,
      memberId: 'fixture-c0035590-2be2-4f10-804e-5bae872b3ea5',
      topics: [
        {
          name: 'fx',
          partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }],
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v5_kafkajs');
    const body = golden.body as Parameters<typeof v5.encodeResponse>[1];
    expect(encodeGoldenResponse(v5, 8, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v5_kcat');
    const { header, body } = decodeGoldenRequest(v5, golden.request);
    expect(header).toEqual({ apiKey: 8, apiVersion: 5, correlationId: 8, clientId: 'rdkafka' });
    expect(body).toEqual({
      groupId: 'fx-kcat',
      generationId: 1,
      memberId: 'rdkafka-0d80c791-5793-4e64-bb1b-cde201b5da49',
      topics: [
        {
          name: 'fx',
          partitions: [{ partitionIndex: 0, committedOffset: 2, committedMetadata: '' }],
        },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v5_kcat');
    const body = golden.body as Parameters<typeof v5.encodeResponse>[1];
    expect(encodeGoldenResponse(v5, 8, body)).toEqual(golden.response);
  });
});
