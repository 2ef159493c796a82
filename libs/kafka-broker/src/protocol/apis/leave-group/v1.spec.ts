// Golden bytes: requests captured from real client traffic, responses those clients accepted.
import { decodeGoldenRequest, encodeGoldenResponse, loadGolden } from '../../../../testing/golden';
import * as v1 from './v1';

describe('Protocol > LeaveGroup > v1', () => {
  it('decodes the request kcat 1.7.1 (librdkafka 2.0.2) sent', () => {
    const golden = loadGolden(__dirname, 'v1_kcat');
    const { header, body } = decodeGoldenRequest(v1, golden.request);
    expect(header).toEqual({ apiKey: 13, apiVersion: 1, correlationId: 9, clientId: 'rdkafka' });
    expect(body).toEqual({
      groupId: 'fx-kcat',
      members: [
        { memberId: 'rdkafka-0d80c791-5793-4e64-bb1b-cde201b5da49', groupInstanceId: null },
      ],
    });
  });

  it('encodes the response kcat 1.7.1 (librdkafka 2.0.2) accepted, byte for byte', () => {
    const golden = loadGolden(__dirname, 'v1_kcat');
    const body = golden.body as Parameters<typeof v1.encodeResponse>[1];
    expect(encodeGoldenResponse(v1, 9, body)).toEqual(golden.response);
  });
});
