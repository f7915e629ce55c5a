/** /v1/admin/channels — the channel catalogue (admin only). Changes invalidate the edge's catalog cache. */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  AdminChannel,
  AdminChannelList,
  CreateChannelRequest,
  IdParams,
  notFound,
  UpdateChannelRequest,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { deleteChannel, findChannel, insertChannel, listChannels, updateChannel } from "./channel-store.ts";

const TAGS = ["Admin: channels"];
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
    describeRoute({
      tags: TAGS,
      summary: "Every channel, active or not, by number",
      responses: { 200: jsonResponse("The catalogue", AdminChannelList) },
    }),
    requireAdmin,
    async (c) => c.json({ channels: await listChannels(c.var.services.db) }),
  )
  .post(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Create a channel",
      responses: { 201: jsonResponse("The new channel", AdminChannel), ...invalidBody },
    }),
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
    describeRoute({
      tags: TAGS,
      summary: "One channel",
      responses: { 200: jsonResponse("The channel", AdminChannel), ...unknownChannel },
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      const channel = await findChannel(c.var.services.db, c.req.valid("param").id);
      if (!channel) throw notFound("Channel");
      return c.json(channel);
    },
  )
  .patch(
    "/:id",
    describeRoute({
      tags: TAGS,
      summary: "Change some fields of a channel",
      responses: {
        200: jsonResponse("The changed channel", AdminChannel),
        ...invalidBody,
        ...unknownChannel,
      },
    }),
    requireAdmin,
    validated("param", IdParams),
    validated("json", UpdateChannelRequest),
    async (c) => {
      const s = c.var.services;
      const channel = await updateChannel(s.db, c.req.valid("param").id, c.req.valid("json"));
      if (!channel) throw notFound("Channel");
      await s.cache.bumpCatalog();
      return c.json(channel);
    },
  )
  .delete(
    "/:id",
    describeRoute({
      tags: TAGS,
      summary: "Delete a channel (and its schedule)",
      responses: { 204: { description: "Deleted" }, ...unknownChannel },
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      const s = c.var.services;
      const { id } = c.req.valid("param");
      if (!(await deleteChannel(s.db, id))) throw notFound("Channel");
      await Promise.all([s.cache.bumpCatalog(), s.cache.bumpChannels([id])]);
      return c.body(null, 204);
    },
  );
