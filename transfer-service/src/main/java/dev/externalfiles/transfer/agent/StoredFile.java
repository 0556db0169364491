package dev.externalfiles.transfer.agent;

/**
 * The agent's answer to a PUT: the sha256 of the file it stored and, from agents that send it,
 * the CRC32C of the same bytes ({@code null} from older agents, and when not in
 * {@link dev.externalfiles.contracts.Crc32c}'s form).
 */
public record StoredFile(String sha256, String crc32c) {
}
