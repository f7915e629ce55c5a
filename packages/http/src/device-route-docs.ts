/**
 * How /v1/me/devices is documented, the same at the edge (which forwards it) and the origin (which
 * answers it): each route's summary and responses, for `routeDescriber("Devices")`.
 */
import { DeviceList, SignedOutDevices } from "@seeyoo/schema/wire";
import { jsonResponse, problemResponse } from "./openapi-responses.ts";

export const deviceRouteDocs = {
  list: [
    "My signed-in devices, the most recently used first",
    { 200: jsonResponse("The devices; `current` marks the one this token belongs to", DeviceList) },
  ],
  signOutOthers: [
    "Sign out every device but this one",
    { 200: jsonResponse("How many devices were signed out", SignedOutDevices) },
  ],
  signOut: [
    "Sign a device out: its next refresh fails (an access token it holds expires on its own)",
    {
      204: { description: "Signed out" },
      400: problemResponse("The id is not a device id (UUID)"),
      404: problemResponse("No signed-in device of mine has this id"),
    },
  ],
} as const;
