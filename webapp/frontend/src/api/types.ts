import type { components, paths } from './schema';

type S = components['schemas'];

export type ItemView = S['ItemView'];
export type ItemPage = S['ItemPage'];
export type CreateItem = S['CreateItem'];
export type UpdateItem = S['UpdateItem'];
export type AdjustStock = S['AdjustStock'];
export type TransactionView = S['TransactionView'];
export type TransactionPage = S['TransactionPage'];
export type LowStockItemView = S['LowStockItemView'];
export type LowStockList = S['LowStockList'];
export type DashboardMetrics = S['DashboardMetrics'];
export type CategoryStock = S['CategoryStock'];
export type DashboardTrends = S['DashboardTrends'];
export type DayMovements = S['DayMovements'];
export type DayCount = S['DayCount'];
export type TopMover = S['TopMover'];
export type CategoryView = S['CategoryView'];
export type CategoryList = S['CategoryList'];
export type UserView = S['UserView'];
export type UserList = S['UserList'];
export type UserLookupList = S['UserLookupList'];
export type UpdateUser = S['UpdateUser'];
export type Register = S['Register'];
export type Login = S['Login'];
export type ChangePassword = S['ChangePassword'];
export type UpdateProfile = S['UpdateProfile'];
/** Records are always complete on the wire; springdoc marks their fields optional, so these say so. */
export type NotificationView = Omit<Required<S['NotificationView']>, 'readAt'> & { readAt: string | null };
export type NotificationPage = Omit<Required<S['NotificationPage']>, 'items'> & { items: NotificationView[] };
export type NotificationPreferences = Required<S['PreferencesView']>;
export type NotificationPreferencesChange = S['PreferencesChange'];
export type CategoryStockPage = S['CategoryStockPage'];
export type CategoryStockRow = S['CategoryStockRow'];
export type LocationStockPage = S['LocationStockPage'];
export type LocationStockRow = S['LocationStockRow'];
export type MovementPage = S['MovementPage'];
export type MovementRow = S['MovementRow'];
export type DeadStockPage = S['DeadStockPage'];
export type DeadStockRow = S['DeadStockRow'];
export type StockoutPage = S['StockoutPage'];
export type StockoutRow = S['StockoutRow'];

export type Role = NonNullable<UserView['role']>;
export type StockStatus = NonNullable<ItemView['status']>;

/**
 * springdoc documents the server-resolved `CurrentUser` argument as a required `user` query
 * parameter; the browser never sends it, so it is dropped from the generated query types.
 */
type QueryOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? Omit<NonNullable<Q>, 'user'>
  : never;

export type InventoryListQuery = QueryOf<'/api/inventory', 'get'>;
export type TransactionListQuery = QueryOf<'/api/transactions', 'get'>;

/**
 * springdoc marks every field of a record optional, yet the server writes them all: `Sent` says so
 * until the document does (the next issue). N: the fields the server writes as null.
 */
type Sent<T, N extends keyof T = never> = {
  [K in keyof T]-?: K extends N ? Exclude<T[K], undefined> | null : Exclude<T[K], undefined>;
};

/** The 200 answer of an operation that has no named schema (springdoc documents a free-form map). */
type Answer<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer A } } };
}
  ? A
  : never;

/** The signed-in user; its role is one of the four roles, which UserSummary documents as a string. */
export type SessionUser = Omit<Sent<S['UserSummary']>, 'role'> & { role: Role };

/**
 * LoginAnswer carries either the session or, for a user with a second factor, a challenge; the
 * server leaves the other half's fields out, so each half is picked from it.
 */
type LoginAnswer = S['LoginAnswer'];
export type LoginResponse = Sent<Pick<LoginAnswer, 'token' | 'expiresAt' | 'mustChangePassword'>> &
  Pick<LoginAnswer, 'mfaEnrolmentRequired'> & { user: SessionUser };
/** The challenge is opaque, valid for 5 minutes and 5 wrong codes. */
export type MfaChallenge = Sent<Pick<LoginAnswer, 'challenge' | 'expiresAt'>> & { mfaRequired: true };

export type ItemAnswer = Sent<S['ItemAnswer']>;
export type CreatedItemAnswer = Sent<S['CreatedItemAnswer'], 'barcode'>;
export type MovementAnswer = Sent<S['MovementAnswer']>;
/** GET /api/inventory/{id} and /api/inventory/barcode/{code}: `{ item }`. */
export type ItemLookup = Answer<'/api/inventory/{id}', 'get'>;
export type UserAnswerUserSummary = Sent<S['UserAnswerUserSummary']>;
export type UserAnswerManagedUser = Sent<S['UserAnswerManagedUser']>;
/** GET /api/profile: `{ user }`. */
export type ProfileAnswer = Answer<'/api/profile', 'get'>;

/** POST /api/auth/password-reset: 202 `{ message }`. */
export type PasswordResetAnswer = S['MessageAnswer'];
/** The second step of signing in: a 6-digit code from the app, or one of the recovery codes. */
export type MfaAnswer = Required<Pick<S['Verify'], 'code'>> | Required<Pick<S['Verify'], 'recoveryCode'>>;
/** How to prove the second factor when turning it off. */
export type MfaProof = Required<Pick<S['Disable'], 'code'>> | Required<Pick<S['Disable'], 'recoveryCode'>>;
export type MfaStatus = Sent<S['MfaStatus']>;
export type MfaEnrolment = Sent<S['MfaEnrolment']>;
export type RecoveryCodes = Sent<S['RecoveryCodes']>;
/** One signed-in browser session of the current user; `device` is derived from the user agent. */
export type AuthSession = Sent<S['SessionView'], 'device' | 'userAgent' | 'ip'>;
export type AuthSessionList = Omit<Sent<S['SessionList']>, 'sessions'> & { sessions: AuthSession[] };

/** One e-mail of the outbox; secrets in the text are replaced by "[hidden]". */
export type OutboxMessage = Sent<S['OutboxMessageView'], 'lastError' | 'sentAt' | 'nextAttemptAt'>;
export type OutboxPage = Omit<Sent<S['OutboxPage']>, 'messages'> & { messages: OutboxMessage[] };
export type RetriedMessage = Omit<Sent<S['RetriedMessage']>, 'message'> & { message: OutboxMessage };
export type RateLimit = Sent<S['Limit']>;
export type SecurityPolicy = Omit<Sent<S['SecurityPolicy']>, 'lockout' | 'rateLimits' | 'session'> & {
  lockout: Sent<S['Lockout']>;
  rateLimits: { [K in keyof S['RateLimits']]-?: RateLimit };
  session: Sent<S['SessionPolicy']>;
};
export type SecurityPolicyChange = S['Policy'];
/** One event parked by a projection; the server leaves `cause` out when there is none. */
export type DeadLetter = Omit<Sent<S['DeadLetterView'], 'sequence'>, 'cause'> & { cause?: Sent<S['Cause']> };
export type DeadLetterList = Omit<Sent<S['DeadLetterList']>, 'deadLetters'> & { deadLetters: DeadLetter[] };
export type RetryAnswer = Sent<S['RetryAnswer']>;

export type SecurityEvent = Sent<S['SecurityEventView'], 'userId' | 'username' | 'sessionId' | 'detail' | 'clientIp'>;
export type SecurityEventPage = Omit<Sent<S['SecurityEventPage']>, 'events'> & { events: SecurityEvent[] };

export type ImportRowError = Sent<S['RowError']>;
export type ImportJob = Omit<Sent<S['ImportJob'], 'failure' | 'finishedAt'>, 'errors'> & { errors: ImportRowError[] };

/** The audit API (issue 14): the organisation's stored events, an item's life, its verifiable log. */
export type AuditEvent = Omit<S['AuditEvent'], 'payload'> & { payload: Record<string, unknown> };
export type AuditEventPage = Omit<S['AuditEventPage'], 'events'> & { events: AuditEvent[] };
export type AuditEventQuery = QueryOf<'/api/audit/events', 'get'>;
export type EventMetadata = S['EventMetadata'];
export type TimelineLine = Omit<S['TimelineLine'], 'payload'> & { payload: Record<string, unknown> };
export type ItemTimeline = Omit<S['ItemTimeline'], 'lines'> & { lines: TimelineLine[] };
export type AccessLogEntry = Omit<S['AccessLogEntry'], 'parameters'> & { parameters: Record<string, unknown> };
export type AccessLogPage = Omit<S['AccessLogPage'], 'entries'> & { entries: AccessLogEntry[] };
export type CheckpointView = S['CheckpointView'];
export type CheckpointPage = S['CheckpointPage'];
export type InclusionProof = S['InclusionProof'];
export type VerifyRequest = S['VerifyRequest'];
/** The schema is marked nullable because a job's result is null until done; a result itself never is. */
export type VerifyResult = NonNullable<S['VerifyResult']>;
export type VerifyProblem = S['VerifyProblem'];
export type VerifyJob = S['VerifyJob'];
export type ItemAsOf = S['ItemAsOf'];
export type AsOfAnomaly = S['Anomaly'];
export type AnomalyPage = S['AnomalyPage'];
export type InventoryAsOf = S['InventoryAsOf'];
export type InventoryAsOfLine = S['InventoryLine'];
