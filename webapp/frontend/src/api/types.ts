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

/** The login answer (springdoc documents it as a free-form map). */
export interface LoginResponse {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  /** The organisation requires a second factor the user has not set up: the token opens only enrolment. */
  mfaEnrolmentRequired?: boolean;
  user: SessionUser;
}

/** The login answer for a user with a second factor: no session yet, a challenge to verify. */
export interface MfaChallenge {
  mfaRequired: true;
  /** Opaque; valid for 5 minutes and 5 wrong codes. */
  challenge: string;
  expiresAt: string;
}

export interface SessionUser {
  id: string;
  username: string;
  email: string;
  role: Role;
}

/** Write answers documented by springdoc as free-form maps. */
export interface ItemEnvelope {
  item: ItemView;
}
export interface StockMovementResponse {
  item: ItemView;
  transaction: TransactionView;
}
export interface UserEnvelope {
  user: UserView;
}
