/**
 * Signed-in devices: every sign-in (a refresh-token family) is one, listed for its owner, who may
 * sign any of them out.
 */
import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant } from "./iso-instant.ts";
import { SafeName } from "./safe-text.ts";

export const DEVICE_NAME_MAX = 100;

// C0/C1 controls and the bidirectional overrides that could make a name display as another.
const UNPRINTABLE = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** What a device is called in the list: one printable line of at most 100 characters. */
export const DeviceName = v.pipe(
  SafeName(DEVICE_NAME_MAX),
  v.check((name) => !UNPRINTABLE.test(name), "must not contain control characters"),
);

export const Device = v.object({
  /** The sign-in's id; DELETE /v1/me/devices/{id} signs it out. */
  id: Uuid,
  name: v.string(),
  /** When the device signed in. */
  createdAt: IsoInstant,
  /** When it signed in or last renewed its session, to within an hour (recorded at most hourly). */
  lastUsedAt: IsoInstant,
  /** The device this request came from. */
  current: v.boolean(),
});
export type Device = v.InferOutput<typeof Device>;

export const DeviceList = v.object({ devices: v.array(Device) });
export type DeviceList = v.InferOutput<typeof DeviceList>;

export const SignedOutDevices = v.object({
  /** How many other devices were signed out. */
  signedOut: v.number(),
});
export type SignedOutDevices = v.InferOutput<typeof SignedOutDevices>;
