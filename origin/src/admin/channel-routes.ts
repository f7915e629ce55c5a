/** /v1/admin/channels — the channel catalogue (admin only). Changes invalidate the edge's catalog cache. */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import {
  AdminChannel,
  AdminChannelList,
  CreateChannelRequest,
  found,
  IdParams,
  UpdateChannelRequest,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { deleteChannel, findChannel, insertChannel, listChannels, updateChannel } from "./channel-store.ts";

const describe = routeDescriber("Admin: channels");
const unknownChannel = { 404: problemResponse("No channel with this id") };
const invalidBody = {
  400: problemResponse("Invalid body or id, naming the fields"),
  409: problemResponse("The slug or the number is taken (`errors` names which)"),
  413: problemResponse("Body over BODY_LIMIT_BYTES"),
  415: problemResponse("Not sent as application/json"),
};

export const channelRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe("Every channel, active or not, by number", {
      200: jsonResponse("The catalogue", AdminChannelList),
    }),
    requireAdmin,
    async (c) => c.json({ channels: await listChannels(c.var.services.db) }),
  )
  .post(
    "/",
    describe("Create a channel", { 201: jsonResponse("The new channel", AdminChannel), ...invalidBody }),
    requireAdmin,
    validated("json", CreateChannelRequest),
    async (c) => {
      const s = c.var.services;
      const channel = await insertChannel(s.db, c.req.valid("json"));
      await s.cache.bumpCatalog();
      return c.json(channel, 201);
    },
  )
  .get(
    "/:id",
    describe("One channel", { 200: jsonResponse("The channel", AdminChannel), ...unknownChannel }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => c.json(found(await findChannel(c.var.services.db, c.req.valid("param").id), "Channel")),
  )
  .patch(
    "/:id",
    describe("Change some fields of a channel", {
      200: jsonResponse("The changed channel", AdminChannel),
      ...invalidBody,
      ...unknownChannel,
    }),
    requireAdmin,
    validated("param", IdParams),
    validated("json", UpdateChannelRequest),
    async (c) => {
      const s = c.var.services;
      const channel = found(
        await updateChannel(s.db, c.req.valid("param").id, c.req.valid("json")),
        "Channel",
      );
      await s.cache.bumpCatalog();
      return c.json(channel);
    },
  )
  .delete(
    "/:id",
    describe("Delete a channel (and its schedule)", { 204: { description: "Deleted" }, ...unknownChannel }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      const s = c.var.services;
      const { id } = c.req.valid("param");
      found(await deleteChannel(s.db, id), "Channel");
      await Promise.all([s.cache.bumpCatalog(), s.cache.bumpChannels([id])]);
      return c.body(null, 204);
    },
  );
