// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v7 from './v7';

describe('Protocol > Produce > v7', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v7_kafkajs');
    const { header, body } = decodeGoldenRequest(v7, golden.request);
    expect(header).toEqual({ apiKey: 0, apiVersion: 7, correlationId: 4, clientId: 'fixture' });
    expect(body).toEqual({
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topics: [
        {
          name: 'fx',
          partitions: [
            {
              index: 0,
              records: Buffer.from(
                '00000000000000000000003e0000000002350182980000000000000000018bcfe568000000018bcfe5680000001054a320df2b0000000000000000000118000000026b02760202680231',
                'hex',
              ),
            },
          ],
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v7_kafkajs');
    const body = golden.body as Parameters<typeof v7.encodeResponse>[1];
    expect(encodeGoldenResponse(v7, 4, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v7_kcat');
    const { header, body } = decodeGoldenRequest(v7, golden.request);
    expect(header).toEqual({ apiKey: 0, apiVersion: 7, correlationId: 4, clientId: 'rdkafka' });
    expect(body).toEqual({
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topics: [
        {
          name: 'fx',
          partitions: [
            {
              index: 0,
              records: Buffer.from(
                '00000000000000000000003e0000000002a2791463000000000000000001a210501b2e000001a210501b2effffffffffffffffffffffffffff0000000118000000026b02760202680231',
                'hex',
              ),
            },
          ],
        },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v7_kcat');
    const body = golden.body as Parameters<typeof v7.encodeResponse>[1];
    expect(encodeGoldenResponse(v7, 4, body)).toEqual(golden.response);
  });
});
