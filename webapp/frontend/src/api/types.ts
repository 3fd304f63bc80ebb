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

/** The answer of a GET documented by springdoc as a free-form map (`{ item: … }`, `{ user: … }`). */
type MapAnswer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer A } } } };
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
export type ItemLookup = MapAnswer<'/api/inventory/{id}'>;
export type UserAnswerUserSummary = Sent<S['UserAnswerUserSummary']>;
export type UserAnswerManagedUser = Sent<S['UserAnswerManagedUser']>;
/** GET /api/profile: `{ user }`. */
export type ProfileAnswer = MapAnswer<'/api/profile'>;
