package io.marketintel.pipeline.handoff;

/** What became of one envelope offered by a source. */
public enum PublishResult {
    /** In the hand-off. */
    PUBLISHED,
    /** The hand-off was full; kept in the source's bounded pending queue: stop reading until drained. */
    QUEUED,
    /** The hand-off was full and the policy is drop: counted, and a GAP_DETECTED status will follow. */
    DROPPED
}
