package io.github.bufferedcounter.mapping;

import java.lang.reflect.Field;

import org.hibernate.MappingException;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Property;

/**
 * Takes buffered counter columns out of Hibernate's entity updates. It runs while the session
 * factory is built, before Hibernate derives its SQL, and marks each
 * {@code @BufferedCounter} property as not updatable: saving or merging an entity loaded
 * before a flush then never writes the stale counter back, never counts as a change, and
 * never bumps {@code @Version}. Inserts still write the column. It also fails the startup,
 * naming entity and field, for a counter that is not an integer or not persistent.
 */
public class CounterMappingIntegrator implements Integrator {

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
			SessionFactoryImplementor sessionFactory) {
		for (PersistentClass entity : metadata.getEntityBindings()) {
			Class<?> type = entity.getMappedClass();
			if (type == null) {
				continue;
			}
			for (Field field : CounterFields.of(type)) {
				property(entity, field).setUpdatable(false);
			}
		}
	}

	private static Property property(PersistentClass entity, Field field) {
		try {
			return entity.getProperty(field.getName());
		}
		catch (MappingException ex) {
			throw new CounterMappingException("@BufferedCounter on " + entity.getClassName() + "."
					+ field.getName() + " is not allowed: the field is not a persistent attribute (is it "
					+ "@Transient?); a buffered counter must be a mapped column of the entity");
		}
	}

}
