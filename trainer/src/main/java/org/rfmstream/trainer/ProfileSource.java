package org.rfmstream.trainer;

/** Where the customers' profiles come from: the compacted {@code customer-profiles} topic in production. */
public interface ProfileSource {

    ProfileSnapshot read();
}
