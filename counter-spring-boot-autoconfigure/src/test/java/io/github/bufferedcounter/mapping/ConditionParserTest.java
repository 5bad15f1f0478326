package io.github.bufferedcounter.mapping;

import java.util.List;

import io.github.bufferedcounter.mapping.ConditionParser.Operator;
import io.github.bufferedcounter.mapping.ConditionParser.Parsed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Each form of {@code onlyIf} as written, and text that is none of them. */
class ConditionParserTest {

	@Test
	void everyFormIsReadWithKeywordsInAnyCaseAndAnySpacing() {
		assertThat(ConditionParser.parse("approved")).isEqualTo(new Parsed("approved", Operator.IS_TRUE, List.of()));
		assertThat(ConditionParser.parse(" ! approved")).isEqualTo(new Parsed("approved", Operator.IS_FALSE, List.of()));
		assertThat(ConditionParser.parse("status=PUBLISHED"))
			.isEqualTo(new Parsed("status", Operator.IN, List.of("PUBLISHED")));
		assertThat(ConditionParser.parse("status != DRAFT"))
			.isEqualTo(new Parsed("status", Operator.NOT_IN, List.of("DRAFT")));
		assertThat(ConditionParser.parse("status IN (PUBLISHED,FEATURED)"))
			.isEqualTo(new Parsed("status", Operator.IN, List.of("PUBLISHED", "FEATURED")));
		assertThat(ConditionParser.parse("status Not In ( DRAFT )"))
			.isEqualTo(new Parsed("status", Operator.NOT_IN, List.of("DRAFT")));
		assertThat(ConditionParser.parse("deletedAt IS NULL"))
			.isEqualTo(new Parsed("deletedAt", Operator.IS_NULL, List.of()));
		assertThat(ConditionParser.parse("deletedAt is not null"))
			.isEqualTo(new Parsed("deletedAt", Operator.IS_NOT_NULL, List.of()));
	}

	@Test
	void textThatIsNoFormSaysWhatWasExpectedWhere() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse(""))
			.withMessage("is not a condition: expected an attribute name but found the end");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("status in (A, B"))
			.withMessage("is not a condition: expected \")\" but found the end");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("status in ()"))
			.withMessage("is not a condition: expected a constant in the list but found \")\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("a = 1 or b = 2"))
			.withMessage("is not a condition: expected a constant after = but found \"1\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("status = A or status = B"))
			.withMessage("is not a condition: expected the end of the condition but found \"or\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("status not like A"))
			.withMessage("is not a condition: expected \"in\" but found \"like\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("deletedAt is empty"))
			.withMessage("is not a condition: expected \"null\" but found \"empty\"");
		assertThatIllegalArgumentException().isThrownBy(() -> ConditionParser.parse("likes > 3"))
			.withMessage("is not a condition: expected \"is\", \"=\", \"!=\", \"in\", \"not in\" or the end but found \">\"");
	}

}
