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

# Wrong answers written from the task text alone (before the suite was read); judged like MUTANTS.
# Dropped in round 2: "q7 cpu: the model is returned on the training device" (``return
# model.eval()``). On a CPU-only grader the training device is the CPU, so the answer is right
# there; the suite's check "the trained model maps a float32 CPU batch ..." feeds the model a CPU
# tensor and fails it on a GPU grader, but validation runs on the CPU and cannot show that.
VARIANTS = [
    Mutant(
        "q1 int: floor by true division returns a NumPy float",
        "q1_output_size",
        "return room // stride + 1",
        "return np.floor(room / stride) + 1",
    ),
    Mutant(
        "q1 raises-conv: rejects a kernel that exactly fills the padded input",
        "q1_output_size",
        "if room < 0:",
        "if room <= 0:",
    ),
    Mutant(
        "q1 raises-conv: assert instead of ValueError",
        "q1_output_size",
        'raise ValueError(f"a kernel spanning',
        'raise AssertionError(f"a kernel spanning',
    ),
    Mutant(
        "q1 raises-transpose: an output size of 0 is accepted",
        "q1_output_size",
        "if out < 1:",
        "if out < 0:",
    ),
    Mutant(
        "q1 output-padding: output_padding ignored",
        "q1_output_size",
        "+ output_padding + 1",
        "+ 1",
    ),
    Mutant(
        "q1 pool-default-stride: pool_output_size defaults the stride to 1",
        "q1_output_size",
        "stride = size if stride is None else stride",
        "stride = 1 if stride is None else stride",
    ),
    Mutant(
        "q2 no-mutation: convolve2d flips the caller's kernel in place",
        "q2_conv2d",
        "    k = np.asarray(k, dtype=np.float64)\n"
        "    return conv2d(x[None, None], k[::-1, ::-1][None, None])[0, 0]",
        "    k = np.asarray(k, dtype=np.float64)\n"
        "    k[:] = k[::-1, ::-1]\n"
        "    return conv2d(x[None, None], k[None, None])[0, 0]",
    ),
    Mutant(
        "q2 dtype-shape: conv2d keeps the input dtype",
        "q2_conv2d",
        "x = np.asarray(x, dtype=np.float64)\n    w = np.asarray(w, dtype=np.float64)",
        "x = np.asarray(x)\n    w = np.asarray(w)",
    ),
    Mutant(
        "q2 convolve-flip: rotates the kernel by 90 degrees instead of 180",
        "q2_conv2d",
        "k[::-1, ::-1][None, None]",
        "np.rot90(k)[None, None]",
    ),
    Mutant(
        "q2 convolve-flip: flips the rows of the kernel only",
        "q2_conv2d",
        "k[::-1, ::-1][None, None]",
        "k[::-1][None, None]",
    ),
    Mutant(
        "q2 stride-dilation: stride applied to the rows only",
        "q2_conv2d",
        "windows[:, :, ::stride, ::stride, ::dilation, ::dilation]",
        "windows[:, :, ::stride, :, ::dilation, ::dilation]",
    ),
    Mutant(
        "q3 raises-mode: an unknown mode falls through to average pooling",
        "q3_pool2d",
        '    if mode not in ("max", "avg"):\n'
        '        raise ValueError(f"unknown pooling mode {mode!r}")\n',
        "",
    ),
    Mutant(
        "q3 raises-mode: NotImplementedError for an unknown mode",
        "q3_pool2d",
        'raise ValueError(f"unknown pooling mode',
        'raise NotImplementedError(f"unknown pooling mode',
    ),
    Mutant(
        "q3 dtype-shape: integer input max-pooled as integers",
        "q3_pool2d",
        "x = np.asarray(x, dtype=np.float64)",
        "x = np.asarray(x)",
    ),
    Mutant(
        "q3 dtype-shape: an explicit stride is ignored",
        "q3_pool2d",
        "stride = size if stride is None else stride",
        "stride = size",
    ),
    Mutant(
        "q4 overlap-adds: overlapping copies overwrite instead of adding",
        "q4_conv_transpose",
        "+= patch",
        "= patch",
    ),
    Mutant(
        "q4 padding-crop: padding:-padding slices empty the output when padding is 0",
        "q4_conv_transpose",
        "full[:, :, padding:full.shape[2] - padding, padding:full.shape[3] - padding]",
        "full[:, :, padding:-padding, padding:-padding]",
    ),
    Mutant(
        "q4 dtype-shape: result in the inputs' dtype",
        "q4_conv_transpose",
        "    x = np.asarray(x, dtype=np.float64)\n"
        "    w = np.asarray(w, dtype=np.float64)\n"
        "    n, _, h, wd = x.shape\n"
        "    c_out, kh, kw = w.shape[1], w.shape[2], w.shape[3]\n"
        "    full = np.zeros((n, c_out, (h - 1) * stride + kh, (wd - 1) * stride + kw))",
        "    x = np.asarray(x)\n"
        "    w = np.asarray(w)\n"
        "    n, _, h, wd = x.shape\n"
        "    c_out, kh, kw = w.shape[1], w.shape[2], w.shape[3]\n"
        "    full = np.zeros((n, c_out, (h - 1) * stride + kh, (wd - 1) * stride + kw),\n"
        "                    dtype=np.result_type(x, w))",
    ),
    Mutant(
        "q5 no-mutation: running statistics updated in place like nn.BatchNorm2d",
        "q5_batchnorm",
        "        new_mean = (1 - momentum) * running_mean + momentum * mean\n"
        "        new_var = (1 - momentum) * running_var + momentum * var_unbiased",
        "        running_mean.mul_(1 - momentum).add_(momentum * mean)\n"
        "        running_var.mul_(1 - momentum).add_(momentum * var_unbiased)\n"
        "        new_mean, new_var = running_mean, running_var",
    ),
    Mutant(
        "q5 running-update: Keras momentum convention (momentum weights the old value)",
        "q5_batchnorm",
        "        new_mean = (1 - momentum) * running_mean + momentum * mean\n"
        "        new_var = (1 - momentum) * running_var + momentum * var_unbiased",
        "        new_mean = momentum * running_mean + (1 - momentum) * mean\n"
        "        new_var = momentum * running_var + (1 - momentum) * var_unbiased",
    ),
    Mutant(
        "q5 axes: 4-D input normalised per pixel (statistics over N only)",
        "q5_batchnorm",
        "dims = [0, *range(2, x.dim())]\n    shape",
        "dims = [0]\n    shape",
    ),
    Mutant(
        "q5 grad: the batch variance is detached from the graph",
        "q5_batchnorm",
        "torch.sqrt(var + eps)",
        "torch.sqrt(var.detach() + eps)",
    ),
    Mutant(
        "q5 running-unbiased: m counts the examples only, not N*H*W",
        "q5_batchnorm",
        "m = x.numel() // x.shape[1]",
        "m = x.shape[0]",
    ),
    Mutant(
        "q6 seed: Glorot seeds and draws from the global RNG",
        "q6_init",
        "    gen = torch.Generator().manual_seed(seed)\n"
        "    a = glorot_uniform_bound(n_in, n_out)\n"
        "    u = torch.rand((n_out, n_in), generator=gen, dtype=torch.float64)",
        "    torch.manual_seed(seed)\n"
        "    a = glorot_uniform_bound(n_in, n_out)\n"
        "    u = torch.rand((n_out, n_in), dtype=torch.float64)",
    ),
    Mutant(
        "q6 seed: the generator is never seeded",
        "q6_init",
        "gen = torch.Generator().manual_seed(seed)",
        "gen = torch.Generator()",
    ),
    Mutant(
        "q6 dtype-shape: He samples in float32",
        "q6_init",
        "z = torch.randn((n_out, n_in), generator=gen, dtype=torch.float64)",
        "z = torch.randn((n_out, n_in), generator=gen)",
    ),
    Mutant(
        "q6 dtype-shape: Glorot samples in (n_in, n_out) layout",
        "q6_init",
        "torch.rand((n_out, n_in)",
        "torch.rand((n_in, n_out)",
    ),
    Mutant(
        "q6 python-float: Glorot bound returned as a 0-d tensor",
        "q6_init",
        "return float(np.sqrt(6.0 / (n_in + n_out)))",
        "return torch.sqrt(torch.tensor(6.0 / (n_in + n_out)))",
    ),
    Mutant(
        "q6 he-dist: He sampler scaled with fan-out instead of fan-in",
        "q6_init",
        "return z * he_normal_std(n_in)",
        "return z * he_normal_std(n_out)",
    ),
    Mutant(
        "q7 scaling: predict forgets to divide by 16",
        "q7_digits_cnn",
        "torch.as_tensor(np.asarray(X) / 16.0, dtype=torch.float32).unsqueeze(1)",
        "torch.as_tensor(np.asarray(X), dtype=torch.float32).unsqueeze(1)",
    ),
    Mutant(
        "q7 seed: torch.manual_seed called after the model is built",
        "q7_digits_cnn",
        "    torch.manual_seed(seed)\n"
        "    gen = torch.Generator().manual_seed(seed)\n"
        "    model = SmallCNN().to(device=device, dtype=torch.float32)\n",
        "    model = SmallCNN().to(device=device, dtype=torch.float32)\n"
        "    torch.manual_seed(seed)\n"
        "    gen = torch.Generator().manual_seed(seed)\n",
    ),
    Mutant(
        "q7 optimizer-steps: one update too many",
        "q7_digits_cnn",
        "for _ in range(steps):",
        "for _ in range(steps + 1):",
    ),
    Mutant(
        "q7 predict-dtype: predict returns a torch tensor",
        "q7_digits_cnn",
        "return logits.argmax(dim=1).numpy().astype(np.int64)",
        "return logits.argmax(dim=1)",
    ),
    Mutant(
        "q7 loss: softmax applied before F.cross_entropy",
        "q7_digits_cnn",
        "loss = F.cross_entropy(model(Xt[idx]), yt[idx])",
        "loss = F.cross_entropy(F.softmax(model(Xt[idx]), dim=1), yt[idx])",
    ),
    Mutant(
        "q7 conv-block: the bias is dropped",
        "q7_digits_cnn",
        "F.conv2d(x, w, b, padding=1)",
        "F.conv2d(x, w, padding=1)",
    ),
    Mutant(
        "q7 step-order: zero_grad never called, gradients accumulate",
        "q7_digits_cnn",
        "        opt.zero_grad()\n",
        "",
    ),
    Mutant(
        "q7 batch: mini-batches drawn from the global RNG",
        "q7_digits_cnn",
        "torch.randint(0, len(yt), (batch_size,), generator=gen)",
        "torch.randint(0, len(yt), (batch_size,))",
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
    Mutant(
        "mini-batches drawn from a NumPy generator seeded by seed",
        "q7_digits_cnn",
        "    for _ in range(steps):\n"
        "        idx = torch.randint(0, len(yt), (batch_size,), generator=gen).to(device)",
        "    np_gen = np.random.default_rng(seed)\n"
        "    for _ in range(steps):\n"
        "        idx = torch.as_tensor(np_gen.integers(0, len(yt), size=batch_size)).to(device)",
    ),
    Mutant(
        "running statistics with Tensor.var(unbiased=True)",
        "q5_batchnorm",
        "var_unbiased = ((x - mean.reshape([1, -1] + [1] * (x.dim() - 2))) ** 2).sum(dim=dims) \\\n"
        "            / (m - 1)",
        "var_unbiased = x.var(dim=dims, unbiased=True)",
    ),
    Mutant(
        "He through torch.normal with a generator",
        "q6_init",
        "z = torch.randn((n_out, n_in), generator=gen, dtype=torch.float64)\n"
        "    return z * he_normal_std(n_in)",
        "std = he_normal_std(n_in)\n"
        "    return torch.normal(0.0, std, (n_out, n_in), generator=gen, dtype=torch.float64)",
    ),
    Mutant(
        "SmallCNN with its own He-initialised parameters",
        "q7_digits_cnn",
        "        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)\n"
        "        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)\n"
        "        self.fc = nn.Linear(16 * 2 * 2, 10)\n"
        "\n"
        "    def forward(self, x):\n"
        '        """x: float32 tensor (N, 1, 8, 8) -> logits (N, 10)."""\n'
        "        x = conv_block(x, self.conv1.weight, self.conv1.bias)  # (N, 8, 4, 4)\n"
        "        x = conv_block(x, self.conv2.weight, self.conv2.bias)  # (N, 16, 2, 2)\n",
        "        self.w1 = nn.Parameter(torch.randn(8, 1, 3, 3) * (2 / 9) ** 0.5)\n"
        "        self.b1 = nn.Parameter(torch.zeros(8))\n"
        "        self.w2 = nn.Parameter(torch.randn(16, 8, 3, 3) * (2 / 72) ** 0.5)\n"
        "        self.b2 = nn.Parameter(torch.zeros(16))\n"
        "        self.fc = nn.Linear(16 * 2 * 2, 10)\n"
        "\n"
        "    def forward(self, x):\n"
        '        """x: float32 tensor (N, 1, 8, 8) -> logits (N, 10)."""\n'
        "        x = conv_block(x, self.w1, self.b1)\n"
        "        x = conv_block(x, self.w2, self.b2)\n",
    ),
]
