package latentlab.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's moment estimates and step count, kept so that training resumes where it stopped.
 *
 * @param state     [2P] the first then the second moment, in the parameter layout's order
 * @param iteration the number of updates applied so far (Adam's bias correction needs it)
 */
public record OptimizerState(INDArray state, long iteration) {
}
