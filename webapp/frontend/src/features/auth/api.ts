import { api } from '../../api/http';
import type { Login, LoginResponse } from '../../api/types';

export async function login(body: Login): Promise<LoginResponse> {
  // 401 here means wrong credentials: shown on the form, no redirect.
  const { data } = await api.post<LoginResponse>('/api/auth/login', body, { skipAuthRedirect: true });
  return data;
}
