/** One row of Kafka's error table, as in kafkajs's `protocol/error.js`. */
export interface KafkaErrorCode {
  readonly code: number;
  readonly type: string;
  readonly retriable: boolean;
  readonly message: string;
}

/** The broker error codes this broker returns; handlers return codes, never throw over the wire. */
export const ERROR_CODES = [
  { code: -1, type: 'UNKNOWN_SERVER_ERROR', retriable: false, message: 'Unexpected server error' },
  { code: 0, type: 'NONE', retriable: false, message: 'No error' },
  { code: 1, type: 'OFFSET_OUT_OF_RANGE', retriable: false, message: 'Offset out of range' },
  { code: 2, type: 'CORRUPT_MESSAGE', retriable: true, message: 'Message failed its CRC check' },
  {
    code: 3,
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
    retriable: true,
    message: 'This server does not host this topic-partition',
  },
  { code: 10, type: 'MESSAGE_TOO_LARGE', retriable: false, message: 'Message is too large' },
  { code: 16, type: 'NOT_COORDINATOR', retriable: true, message: 'Not the group coordinator' },
  { code: 17, type: 'INVALID_TOPIC_EXCEPTION', retriable: false, message: 'Invalid topic name' },
  {
    code: 21,
    type: 'INVALID_REQUIRED_ACKS',
    retriable: false,
    message: 'Produce request specified an invalid value for required acks',
  },
  { code: 22, type: 'ILLEGAL_GENERATION', retriable: false, message: 'Generation is not current' },
  {
    code: 23,
    type: 'INCONSISTENT_GROUP_PROTOCOL',
    retriable: false,
    message: 'Protocol type or protocols do not match the group',
  },
  { code: 24, type: 'INVALID_GROUP_ID', retriable: false, message: 'Group id is empty' },
  { code: 25, type: 'UNKNOWN_MEMBER_ID', retriable: false, message: 'Unknown member id' },
  { code: 26, type: 'INVALID_SESSION_TIMEOUT', retriable: false, message: 'Bad session timeout' },
  { code: 27, type: 'REBALANCE_IN_PROGRESS', retriable: false, message: 'Group is rebalancing' },
  { code: 35, type: 'UNSUPPORTED_VERSION', retriable: false, message: 'Version not supported' },
  { code: 36, type: 'TOPIC_ALREADY_EXISTS', retriable: false, message: 'Topic already exists' },
  { code: 37, type: 'INVALID_PARTITIONS', retriable: false, message: 'Invalid partition count' },
  {
    code: 38,
    type: 'INVALID_REPLICATION_FACTOR',
    retriable: false,
    message: 'Replication factor must be 1 (or -1) on a single node',
  },
  { code: 42, type: 'INVALID_REQUEST', retriable: false, message: 'Malformed request' },
  {
    code: 45,
    type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    retriable: false,
    message: 'Producer sequence number is out of order',
  },
  {
    code: 47,
    type: 'INVALID_PRODUCER_EPOCH',
    retriable: false,
    message: 'Producer epoch is older than the current one',
  },
  {
    code: 53,
    type: 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
    retriable: false,
    message: 'Transactions are not supported by this broker; use an idempotent producer',
  },
  { code: 68, type: 'NON_EMPTY_GROUP', retriable: false, message: 'The group is not empty' },
  { code: 69, type: 'GROUP_ID_NOT_FOUND', retriable: false, message: 'Group does not exist' },
  { code: 87, type: 'INVALID_RECORD', retriable: false, message: 'Record batch is invalid' },
] as const satisfies readonly KafkaErrorCode[];

export type ErrorType = (typeof ERROR_CODES)[number]['type'];

const BY_TYPE = new Map<string, KafkaErrorCode>(ERROR_CODES.map((row) => [row.type, row]));

/** The wire code for a named error: `errorCode('REBALANCE_IN_PROGRESS') === 27`. */
export function errorCode(type: ErrorType): number {
  return (BY_TYPE.get(type) as KafkaErrorCode).code;
}

/** Table row for a wire code, for logs and tests. */
export function describeError(code: number): KafkaErrorCode | undefined {
  return ERROR_CODES.find((row) => row.code === code);
}
