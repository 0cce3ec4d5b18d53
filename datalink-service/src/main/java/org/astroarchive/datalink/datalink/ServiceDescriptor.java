package org.astroarchive.datalink.datalink;

import java.util.List;
import org.astroarchive.contracts.soda.SodaServiceDescriptor;

/**
 * A DataLink 1.1 §4 service descriptor: a {@code <RESOURCE type="meta" utype="adhoc:service">} the links table
 * refers to by {@code service_def}, telling clients how to call a service (here SODA) for one dataset.
 *
 * @param id          the RESOURCE's XML ID, which {@code service_def} names
 * @param standardId  the service's IVOA standard, or null for a service that follows none
 * @param accessUrl   its endpoint
 * @param description what it does
 * @param parameters  its input parameters, with the dataset's ID fixed and VALUES where known
 */
public record ServiceDescriptor(String id, String standardId, String accessUrl, String description,
                                List<SodaServiceDescriptor.Parameter> parameters) {
}
