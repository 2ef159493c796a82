// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v11 from './v11';

describe('Protocol > Fetch > v11', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v11_kafkajs');
    const { header, body } = decodeGoldenRequest(v11, golden.request);
    expect(header).toEqual({ apiKey: 1, apiVersion: 11, correlationId: 0, clientId: 'fixture' });
    expect(body).toEqual({
      replicaId: -1,
      maxWaitMs: 100,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'fx',
          partitions: [
            { partition: 1, fetchOffset: 0, partitionMaxBytes: 1048576 },
            { partition: 0, fetchOffset: 0, partitionMaxBytes: 1048576 },
          ],
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v11_kafkajs');
    const body = golden.body as Parameters<typeof v11.encodeResponse>[1];
    expect(encodeGoldenResponse(v11, 0, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v11_kcat');
    const { header, body } = decodeGoldenRequest(v11, golden.request);
    expect(header).toEqual({ apiKey: 1, apiVersion: 11, correlationId: 6, clientId: 'rdkafka' });
    expect(body).toEqual({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 52428800,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        { topic: 'fx', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1048576 }] },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v11_kcat');
    const body = golden.body as Parameters<typeof v11.encodeResponse>[1];
    expect(encodeGoldenResponse(v11, 6, body)).toEqual(golden.response);
  });
});
