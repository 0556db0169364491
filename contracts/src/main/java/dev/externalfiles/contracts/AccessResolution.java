package dev.externalfiles.contracts;

import java.util.UUID;

/**
 * The answer to "may this kernel's file move through this integration now?", from the
 * integration-service to the transfer-service. Location, credentials and the agent's registered
 * URL are filled in only when the answer is yes; the transfer-service talks only to that URL,
 * never to one named in an event. {@code endpointAllowListed}: the custom endpoint is on the
 * operator's allow-list and may resolve to an internal address; false means the
 * transfer-service refuses to connect to one (DNS may have changed since the endpoint was
 * checked); missing (an older integration-service) leaves that check out.
 */
public record AccessResolution(
        boolean allowed,
        String reason,
        String detail,
        String kernelId,
        String agentUrl,
        String projectId,
        String userId,
        UUID integrationId,
        Long integrationVersion,
        String slug,
        Boolean writeback,
        String bucket,
        String region,
        String endpoint,
        Boolean pathStyle,
        String rootPrefix,
        ChecksumMode checksumMode,
        String accessKeyId,
        String secretAccessKey,
        Boolean endpointAllowListed) {

    public static AccessResolution refused(String reason, String detail, String kernelId) {
        return new AccessResolution(false, reason, detail, kernelId, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** The object key of a file path under the integration folder. */
    public String keyOf(String path) {
        return rootPrefix + path;
    }

    @Override
    public String toString() {
        return "AccessResolution[allowed=" + allowed + ", reason=" + reason + ", kernelId=" + kernelId + ", slug=" + slug
                + "]";
    }
}
