/** The viewer's signed-in devices: listing them and signing them out. */
import { api, type paths } from "../api/api-client.ts";
import { attempt, type Outcome } from "../api/api-outcome.ts";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
export type Device = Json<paths["/v1/me/devices"]["get"]["responses"][200]>["devices"][number];

export async function loadDevices(): Promise<Outcome<Device[]>> {
  const outcome = await attempt(() => api.GET("/v1/me/devices"));
  return outcome.ok ? { ...outcome, data: outcome.data.devices } : outcome;
}

export const signOutDevice = (id: string): Promise<Outcome<unknown>> =>
  attempt(() => api.DELETE("/v1/me/devices/{id}", { params: { path: { id } } }));

export const signOutOtherDevices = (): Promise<Outcome<{ signedOut: number }>> =>
  attempt(() => api.POST("/v1/me/devices/sign-out-others"));
