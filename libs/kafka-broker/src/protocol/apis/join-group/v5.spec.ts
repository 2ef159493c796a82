// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v5 from './v5';

describe('Protocol > JoinGroup > v5', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v5_kafkajs');
    const { header, body } = decodeGoldenRequest(v5, golden.request);
    expect(header).toEqual({ apiKey: 11, apiVersion: 5, correlationId: 3, clientId: 'fixture' });
    expect(body).toEqual({
      groupId: 'fx-group',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 60000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [
        {
          name: 'RoundRobinAssigner',
          metadata: Buffer.from('0000000000010002667800000000', 'hex'),
        },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v5_kafkajs');
    const body = golden.body as Parameters<typeof v5.encodeResponse>[1];
    expect(encodeGoldenResponse(v5, 3, body)).toEqual(golden.response);
  });

  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v5_kcat');
    const { header, body } = decodeGoldenRequest(v5, golden.request);
    expect(header).toEqual({ apiKey: 11, apiVersion: 5, correlationId: 4, clientId: 'rdkafka' });
    expect(body).toEqual({
      groupId: 'fx-kcat',
      sessionTimeoutMs: 45000,
      rebalanceTimeoutMs: 300000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [
        { name: 'range', metadata: Buffer.from('000100000001000266780000000000000000', 'hex') },
        {
          name: 'roundrobin',
          metadata: Buffer.from('000100000001000266780000000000000000', 'hex'),
        },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v5_kcat');
    const body = golden.body as Parameters<typeof v5.encodeResponse>[1];
    expect(encodeGoldenResponse(v5, 4, body)).toEqual(golden.response);
  });
});
