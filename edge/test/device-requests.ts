/**
 * What an app does with its sign-in through the edge, for the device tests: refresh its session,
 * and sign one of the account's devices out.
 */
import { edgeFetch } from "./worker-harness.ts";

export const refreshSession = (refreshToken: string) =>
  edgeFetch("/v1/auth/refresh", { method: "POST", json: { refreshToken } });

export const signOutDevice = (token: string, deviceId: string | undefined) =>
  edgeFetch(`/v1/me/devices/${deviceId}`, { method: "DELETE", token });
