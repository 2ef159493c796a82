// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v3 from './v3';

describe('Protocol > LeaveGroup > v3', () => {
  it('decodes the request kafkajs 2.2.4 sent', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const { header, body } = decodeGoldenRequest(v3, golden.request);
    expect(header).toEqual({ apiKey: 13, apiVersion: 3, correlationId: 11, clientId: 'fixture' });
    expect(body).toEqual({
      groupId: 'fx-group',
      members: [
        { memberId: 'fixture-c0035590-2be2-4f10-804e-5bae872b3ea5', groupInstanceId: null },
      ],
    });
  });

  it('encodes the response kafkajs 2.2.4 accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v3_kafkajs');
    const body = golden.body as Parameters<typeof v3.encodeResponse>[1];
    expect(encodeGoldenResponse(v3, 11, body)).toEqual(golden.response);
  });
});
