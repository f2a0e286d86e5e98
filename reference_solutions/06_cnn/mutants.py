"""Known wrong answers for 06_cnn, drawn from the catalog's ch. 7 pitfalls and errata, and
alternative correct answers. Checked by ``tests/test_content.py``."""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    Mutant(
        "ceil instead of floor in the size formula",
        "q1_output_size",
        "return room // stride + 1",
        "return -(-room // stride) + 1",
    ),
    Mutant(
        "dilation ignored in the kernel span",
        "q1_output_size",
        "span = dilation * (k - 1) + 1",
        "span = k",
    ),
    Mutant(
        "transposed size adds 2p instead of removing it",
        "q1_output_size",
        "out = (n - 1) * stride - 2 * padding",
        "out = (n - 1) * stride + 2 * padding",
    ),
    Mutant(
        "conv2d flips the kernel (true convolution)",
        "q2_conv2d",
        "windows, w)",
        "windows, w[:, :, ::-1, ::-1])",
    ),
    Mutant("convolve2d forgets to flip", "q2_conv2d", "k[::-1, ::-1][None, None]", "k[None, None]"),
    Mutant(
        "padding on one side only",
        "q2_conv2d",
        "((0, 0), (0, 0), (padding, padding), (padding, padding))",
        "((0, 0), (0, 0), (padding, 0), (padding, 0))",
    ),
    Mutant(
        "pooling stride defaults to 1",
        "q3_pool2d",
        "stride = size if stride is None else stride",
        "stride = 1 if stride is None else stride",
    ),
    Mutant(
        "average pooling divides by the window side",
        "q3_pool2d",
        "windows.mean(axis=(4, 5))",
        "windows.sum(axis=(4, 5)) / size",
    ),
    Mutant(
        "transposed conv flips the kernel",
        "q4_conv_transpose",
        "x[:, :, i, j], w)",
        "x[:, :, i, j], w[:, :, ::-1, ::-1])",
    ),
    Mutant(
        "transposed conv crops padding at the start only",
        "q4_conv_transpose",
        "full[:, :, padding:full.shape[2] - padding, padding:full.shape[3] - padding]",
        "full[:, :, padding:, padding:]",
    ),
    Mutant(
        "transposed conv with weights in (C_out, C_in) layout",
        "q4_conv_transpose",
        '"nc,cokl->nokl"',
        '"nc,ockl->nokl"',
    ),
    Mutant(
        "batch norm with the unbiased variance",
        "q5_batchnorm",
        "var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)",
        "var = x.var(dim=dims, unbiased=True, keepdim=True)",
    ),
    Mutant(
        "eps outside the square root",
        "q5_batchnorm",
        "torch.sqrt(var + eps)",
        "(torch.sqrt(var) + eps)",
    ),
    Mutant("running variance fed with the biased variance", "q5_batchnorm", "/ (m - 1)", "/ m"),
    Mutant(
        "batch mean detached from the graph",
        "q5_batchnorm",
        "mean = x.mean(dim=dims, keepdim=True)",
        "mean = x.mean(dim=dims, keepdim=True).detach()",
    ),
    Mutant(
        "the lecture's xavier(): divides by the bound",
        "q6_init",
        "return float(np.sqrt(6.0 / (n_in + n_out)))",
        "return float(1.0 / np.sqrt(6.0 / (n_in + n_out)))",
    ),
    Mutant(
        "He with sqrt(2/n) taken as the variance",
        "q6_init",
        "return float(np.sqrt(2.0 / n_in))",
        "return float(np.sqrt(np.sqrt(2.0 / n_in)))",
    ),
    Mutant("Glorot sampled from U(0, a)", "q6_init", "return (2.0 * u - 1.0) * a", "return u * a"),
    Mutant(
        "He sampled from a uniform distribution",
        "q6_init",
        "z = torch.randn((n_out, n_in), generator=gen, dtype=torch.float64)",
        "z = (torch.rand((n_out, n_in), generator=gen, dtype=torch.float64) * 2 - 1) * 3**0.5",
    ),
    Mutant(
        "conv_block without padding",
        "q7_digits_cnn",
        "F.conv2d(x, w, b, padding=1)",
        "F.conv2d(x, w, b)",
    ),
    Mutant(
        "predict takes argmax over the batch axis",
        "q7_digits_cnn",
        "logits.argmax(dim=1)",
        "logits.argmax(dim=0)",
    ),
    Mutant("optimizer step forgotten", "q7_digits_cnn", "        opt.step()\n", "\n"),
    Mutant(
        "gradient ascent on the loss",
        "q7_digits_cnn",
        "loss = F.cross_entropy(model(Xt[idx]), yt[idx])",
        "loss = -F.cross_entropy(model(Xt[idx]), yt[idx])",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "conv2d with explicit loops over output positions",
        "q2_conv2d",
        'out = np.einsum("ncijab,ocab->noij", windows, w)',
        "h_out = (xp.shape[2] - span_h) // stride + 1\n"
        "    w_out = (xp.shape[3] - span_w) // stride + 1\n"
        "    out = np.zeros((x.shape[0], w.shape[0], h_out, w_out))\n"
        "    for i in range(h_out):\n"
        "        for j in range(w_out):\n"
        "            patch = xp[:, :, i * stride:i * stride + span_h:dilation,\n"
        "                       j * stride:j * stride + span_w:dilation]\n"
        "            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))",
    ),
    Mutant(
        "batch norm with torch.var(unbiased=False)",
        "q5_batchnorm",
        "var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)",
        "var = x.var(dim=dims, unbiased=False, keepdim=True)",
    ),
    Mutant(
        "Glorot through Tensor.uniform_ with a generator",
        "q6_init",
        "u = torch.rand((n_out, n_in), generator=gen, dtype=torch.float64)\n"
        "    return (2.0 * u - 1.0) * a",
        "return torch.empty((n_out, n_in), dtype=torch.float64).uniform_(-a, a, generator=gen)",
    ),
]
