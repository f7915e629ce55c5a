/**
 * /v1/admin/providers/:id/channels — which of our channels a provider may write, and the id the
 * provider uses for each in its posts (admin only). Ingestion writes a programme only when its
 * channel id is assigned to the posting provider; one channel has one provider at a time.
 */
import { jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  AssignChannelRequest,
  found,
  IdParams,
  ProviderChannel,
  ProviderChannelList,
  ProviderChannelParams,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { assignChannel, listAssignments, unassignChannel } from "./provider-channel-store.ts";
import { describeProviderRoute } from "./provider-routes.ts";

export const providerChannelRoutes = new Hono<AppEnv>()
  .get(
    "/:id/channels",
    describeProviderRoute("The channels a provider may write", {
      200: jsonResponse("Its assignments, by our slug", ProviderChannelList),
      400: problemResponse("Malformed id"),
      404: problemResponse("No such provider"),
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      const assignments = await listAssignments(c.var.services.db, c.req.valid("param").id);
      return c.json({ channels: found(assignments, "Provider") });
    },
  )
  .put(
    "/:id/channels/:channelId",
    describeProviderRoute(
      "Assign one of our channels to a provider",
      {
        200: jsonResponse(
          "Already assigned to this provider (its id for the channel is now this one)",
          ProviderChannel,
        ),
        201: jsonResponse("Assigned", ProviderChannel),
        400: problemResponse("Malformed ids or providerChannelId, naming the field"),
        404: problemResponse("No such provider or channel"),
        409: problemResponse(
          "The channel belongs to another provider, the provider uses this id for another channel, " +
            "or the provider is revoked (`errors` names the field)",
        ),
        413: problemResponse("Body over BODY_LIMIT_BYTES"),
        415: problemResponse("Not sent as application/json"),
      },
      {
        description:
          "`providerChannelId` is the id the provider gives the channel in its posts — the XMLTV " +
          "`channel` id such as `DasErste.de`, up to 256 characters, matched exactly. Idempotent.",
      },
    ),
    requireAdmin,
    validated("param", ProviderChannelParams),
    validated("json", AssignChannelRequest),
    async (c) => {
      const { id, channelId } = c.req.valid("param");
      const outcome = found(
        await assignChannel(c.var.services.db, id, channelId, c.req.valid("json").providerChannelId),
        "Provider or channel",
      );
      return c.json(outcome.assignment, outcome.created ? 201 : 200);
    },
  )
  .delete(
    "/:id/channels/:channelId",
    describeProviderRoute(
      "Unassign a channel from a provider",
      {
        204: { description: "Unassigned" },
        400: problemResponse("Malformed ids"),
        404: problemResponse("The channel is not assigned to this provider"),
      },
      {
        description:
          "The stored schedule stays; the provider's later posts for the channel are reported " +
          "under `channels.notAssigned` and write nothing.",
      },
    ),
    requireAdmin,
    validated("param", ProviderChannelParams),
    async (c) => {
      const { id, channelId } = c.req.valid("param");
      found(await unassignChannel(c.var.services.db, id, channelId), "Assignment");
      return c.body(null, 204);
    },
  );
