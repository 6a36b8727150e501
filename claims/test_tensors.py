"""tensors — "Tensors in ML are not tensors used in theoretical physics".

The ML side is checked on TensorFlow tensors and Keras layers, as in the post: these claims run
with the TensorFlow backend only (``tensorflow_only``); the physics side is plain NumPy.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from settings import SEED
from _recipes import tensorflow_only

pytestmark = tensorflow_only()

shapes = hnp.array_shapes(min_dims=0, max_dims=5, min_side=1, max_side=6)


@pytest.mark.fast
@pytest.mark.claim("tensors.rank_shape", reported={"rank": "number of axes",
                                                   "size": "product of the shape"})
def test_ml_tensor_is_an_array_with_rank_shape_and_size(claim):
    """An ML tensor is a multidimensional array: rank = number of axes, the shape gives
    the size of each axis, the element count is the product of the shape."""
    import tensorflow as tf

    checked = []

    @settings(max_examples=100, derandomize=True, deadline=None)
    @given(shapes)
    def law(shape):
        t = tf.zeros(shape)
        checked.append(shape)
        assert tf.rank(t).numpy() == len(shape) == t.ndim
        assert tuple(t.shape) == shape
        assert tf.size(t).numpy() == int(np.prod(shape, dtype=np.int64))

    law()
    claim.setting(library=f"tensorflow {tf.__version__}", examples=len(checked))
    claim.measure(shapes_checked=len(checked), largest_rank=max(len(s) for s in checked))
    claim.tolerance("exact equality", "rank, shape and size are integers: no rounding")


@pytest.mark.fast
@pytest.mark.claim("tensors.reshape", reported={"elements_and_order": "kept", "rank": "changes"})
def test_reshape_keeps_elements_in_row_major_order(claim):
    """Reshaping changes the rank but keeps the elements and their row-major order."""
    import tensorflow as tf

    changed_rank = []

    @settings(max_examples=100, derandomize=True, deadline=None)
    @given(shapes, st.data())
    def law(shape, data):
        size = int(np.prod(shape, dtype=np.int64))
        values = np.arange(size, dtype=np.float32).reshape(shape)
        new_rank = data.draw(st.integers(1, 4))
        new_shape = _factor(size, new_rank, data)
        out = tf.reshape(tf.constant(values), new_shape)
        changed_rank.append(out.ndim != len(shape))
        np.testing.assert_array_equal(tf.reshape(out, [-1]).numpy(), values.ravel(order="C"))

    law()
    claim.setting(library=f"tensorflow {tf.__version__}", examples=len(changed_rank))
    claim.measure(reshapes_checked=len(changed_rank), of_which_changed_rank=sum(changed_rank))
    claim.tolerance("exact equality of the flattened elements", "reshape moves no values")
    assert sum(changed_rank) > 0


def _factor(size, rank, data):
    shape = []
    for _ in range(rank - 1):
        divisors = [d for d in range(1, size + 1) if size % d == 0]
        d = data.draw(st.sampled_from(divisors))
        shape.append(d)
        size //= d
    return shape + [size]


@pytest.mark.fast
@pytest.mark.claim("tensors.immutable", reported={"tf.Tensor": "immutable", "tf.Variable": "mutable"})
def test_tensorflow_tensors_are_immutable_variables_are_not(claim):
    """TensorFlow tensors are immutable (operations create new tensors); tf.Variable is the
    mutable holder."""
    import tensorflow as tf

    t = tf.constant([1.0, 2.0, 3.0])
    with pytest.raises(TypeError) as item_assignment:
        t[0] = 9.0
    assign_attr = hasattr(t, "assign")
    added = t + 1.0
    v = tf.Variable([1.0, 2.0, 3.0])
    before = id(v)
    v[0].assign(9.0)
    claim.setting(library=f"tensorflow {tf.__version__}")
    claim.measure(item_assignment_error=f"TypeError: {item_assignment.value}",
                  tensor_has_assign=assign_attr, original_after_add=t.numpy(),
                  variable_after_assign=v.numpy(), variable_same_object=id(v) == before)
    claim.tolerance("exact", "mutation either happens or not")
    assert not assign_attr
    np.testing.assert_array_equal(t.numpy(), [1.0, 2.0, 3.0])
    assert added is not t
    np.testing.assert_array_equal(v.numpy(), [9.0, 2.0, 3.0])


@pytest.mark.fast
@pytest.mark.claim("tensors.layers_change_rank", reported={"Flatten": "changes rank", "Conv2D": "keeps rank"})
def test_layers_map_tensors_and_may_change_rank(claim):
    """Network layers map tensors to tensors; Flatten changes the rank, Conv2D keeps it."""
    import keras

    x = np.zeros((2, 28, 28, 1), "float32")
    conv = keras.layers.Conv2D(8, 3, padding="same")(x)
    flat = keras.layers.Flatten()(conv)
    dense = keras.layers.Dense(4)(flat)
    claim.setting(library=f"keras {keras.__version__}", input_shape=x.shape)
    claim.measure(conv2d_shape=tuple(conv.shape), flatten_shape=tuple(flat.shape), dense_shape=tuple(dense.shape))
    claim.tolerance("exact shapes", "shapes are integers")
    assert conv.ndim == x.ndim == 4
    assert tuple(flat.shape) == (2, 28 * 28 * 8)
    assert flat.ndim == 2 and dense.ndim == 2


@pytest.mark.fast
@pytest.mark.claim("tensors.physics_transform",
                   reported={"physics": "T' = A T A^-1, invariants fixed", "ML array": "no transformation law"})
def test_physics_tensor_transforms_ml_array_does_not(claim):
    """A (1,1) tensor's components transform as T' = A T A^-1 under a change of basis and its
    trace, determinant and eigenvalues stay fixed; an ML array carries no such law."""
    import keras

    rng = np.random.default_rng(SEED)
    worst = {"trace": 0.0, "det": 0.0, "eig": 0.0}
    for _ in range(50):
        t, a = rng.normal(size=(2, 4, 4))
        t2 = a @ t @ np.linalg.inv(a)
        worst["trace"] = max(worst["trace"], abs(np.trace(t2) - np.trace(t)) / abs(np.trace(t)))
        worst["det"] = max(worst["det"], abs(np.linalg.det(t2) - np.linalg.det(t)) / abs(np.linalg.det(t)))
        e1, e2 = np.sort_complex(np.linalg.eigvals(t)), np.sort_complex(np.linalg.eigvals(t2))
        worst["eig"] = max(worst["eig"], float(np.max(np.abs(e1 - e2)) / np.max(np.abs(e1))))
    # An ML array: a Dense kernel. Change the basis of its inputs, x' = A x: nothing in the
    # framework transforms the kernel, so the layer's output changes.
    layer = keras.layers.Dense(3, use_bias=False)
    x = rng.normal(size=(16, 4)).astype("float32")
    a = rng.normal(size=(4, 4)).astype("float32")
    y = np.asarray(layer(x))
    y_new_basis = np.asarray(layer(x @ a.T))
    ml_change = float(np.linalg.norm(y_new_basis - y) / np.linalg.norm(y))
    claim.setting(random_4x4_tensors=50, ml_array="Dense(3) kernel, inputs in a new basis x' = A x")
    claim.measure(max_rel_trace_change=worst["trace"], max_rel_det_change=worst["det"],
                  max_rel_eigenvalue_change=worst["eig"], ml_output_rel_change=ml_change)
    claim.tolerance("physics invariants within 1e-8 relative; ML output changes by > 10 %",
                    "float64 similarity transforms lose ~1e-12 for well-conditioned 4x4; "
                    "a random basis change moves an untransformed linear map's output by O(1)")
    assert max(worst.values()) < 1e-8
    assert ml_change > 0.1
