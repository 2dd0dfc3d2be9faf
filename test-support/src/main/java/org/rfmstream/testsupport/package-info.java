/** Test fixtures shared by the modules' integration tests: a real Kafka broker for every test run. */
package org.rfmstream.testsupport;
