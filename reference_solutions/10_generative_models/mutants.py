"""Known wrong answers (mutants) and alternative correct answers for 10_generative_models.

The wrong answers come from the catalog's pitfalls and errata for chapter 12: the min/max sign
conventions of the GAN game, log(0) from sigmoid probabilities instead of logits, the lecture's
label smoothing of 0.9, the script's z = mu + Sigma * eps (variance instead of standard
deviation), sum vs mean over pixels and batch and the sign of the ELBO, the transposed
convolution read as a convolution (padding added instead of removed), and seeding the global
generator instead of a local one.
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "discriminator loss with the maximisation sign (returns the value D maximises)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return -F.softplus(-d_real_logits).mean() - F.softplus(d_fake_logits).mean()",
    ),
    Mutant(
        "log of sigmoid probabilities instead of logits (log 0 at +-800)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return -torch.log(torch.sigmoid(d_real_logits)).mean()"
        " - torch.log(1 - torch.sigmoid(d_fake_logits)).mean()",
    ),
    Mutant(
        "the lecture's label smoothing: real label 0.9",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return F.binary_cross_entropy_with_logits(d_real_logits, torch.full_like("
        "d_real_logits, 0.9)) + F.softplus(d_fake_logits).mean()",
    ),
    Mutant(
        "saturating generator loss with the discriminator's sign: -mean log(1 - D(G(z)))",
        "q1_gan_losses",
        "return -F.softplus(d_fake_logits).mean()",
        "return F.softplus(d_fake_logits).mean()",
    ),
    # q2
    Mutant(
        "the script's erratum z = mu + Sigma * eps (variance, not standard deviation)",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "return mu + torch.exp(log_var) * eps",
    ),
    Mutant(
        "KL with the sign of the ELBO (negative)",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "return -0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
    ),
    # q3
    Mutant(
        "squared error averaged over the pixels (F.mse_loss's default mean)",
        "q3_vae_loss",
        "rec = per_pixel.reshape(n, -1).sum(dim=1)",
        "rec = per_pixel.reshape(n, -1).mean(dim=1)",
    ),
    Mutant(
        "loss summed over the batch instead of averaged",
        "q3_vae_loss",
        "return torch.mean(rec + kl)",
        "return torch.sum(rec + kl)",
    ),
    Mutant(
        "ELBO sign: reconstruction minus KL",
        "q3_vae_loss",
        "return torch.mean(rec + kl)",
        "return torch.mean(rec - kl)",
    ),
    # q4
    Mutant(
        "padding added as in a convolution instead of removed",
        "q4_transposed_conv",
        "out = (n - 1) * s - 2 * p + k + output_padding",
        "out = (n - 1) * s + 2 * p + k + output_padding",
    ),
    Mutant(
        "transposed convolution as a plain upsampling by the stride",
        "q4_transposed_conv",
        "out = (n - 1) * s - 2 * p + k + output_padding",
        "out = n * s + output_padding",
    ),
    Mutant(
        "DCGAN first layer with stride 2 and padding 1 like the others",
        "q4_transposed_conv",
        "size = convtranspose_out(size, 4, 1, 0) if i == 0 else convtranspose_out(size, 4, 2, 1)",
        "size = convtranspose_out(size, 4, 2, 1)",
    ),
    # q5
    Mutant(
        "seeds the global torch generator (torch.manual_seed) instead of a local one",
        "q5_autoencoder",
        "g = torch.Generator().manual_seed(seed)",
        "torch.manual_seed(seed)\n    g = None",
    ),
    Mutant(
        "optimizer.zero_grad() forgotten: gradients accumulate",
        "q5_autoencoder",
        "        optimizer.zero_grad()\n",
        "",
    ),
    Mutant(
        "weights drawn in nn.Linear's (out, in) layout and transposed",
        "q5_autoencoder",
        "w = torch.randn((n_in, n_out), generator=g, dtype=torch.float64) / math.sqrt(n_in)",
        "w = torch.randn((n_out, n_in), generator=g, dtype=torch.float64).T / math.sqrt(n_in)",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "discriminator loss by F.binary_cross_entropy_with_logits",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return F.binary_cross_entropy_with_logits(d_real_logits, torch.ones_like(d_real_logits))"
        " + F.binary_cross_entropy_with_logits(d_fake_logits, torch.zeros_like(d_fake_logits))",
    ),
    Mutant(
        "generator losses by F.logsigmoid and the closed-form gradient with 1 - sigmoid",
        "q1_gan_losses",
        "    if saturating:\n"
        "        return -F.softplus(d_fake_logits).mean()\n"
        "    return F.softplus(-d_fake_logits).mean()",
        "    if saturating:\n"
        "        return torch.mean(F.logsigmoid(-d_fake_logits))\n"
        "    return -torch.mean(F.logsigmoid(d_fake_logits))",
    ),
    Mutant(
        "closed-form generator gradient with 1 - sigmoid(f) and an explicit numel",
        "q1_gan_losses",
        "    n = d_fake_logits.shape[0]\n"
        "    if saturating:\n"
        "        return -torch.sigmoid(d_fake_logits) / n\n"
        "    return -torch.sigmoid(-d_fake_logits) / n",
        "    s = torch.sigmoid(d_fake_logits)\n"
        "    return -(s if saturating else 1.0 - s) / d_fake_logits.numel()",
    ),
    Mutant(
        "softplus written by hand with logaddexp",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "zero_r = torch.zeros_like(d_real_logits)\n"
        "    zero_f = torch.zeros_like(d_fake_logits)\n"
        "    return torch.logaddexp(zero_r, -d_real_logits).mean()"
        " + torch.logaddexp(zero_f, d_fake_logits).mean()",
    ),
    Mutant(
        "reparameterisation with the standard deviation from (0.5 * log_var).exp()",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "std = (log_var / 2).exp()\n    return eps * std + mu",
    ),
    Mutant(
        "KL written term by term with an explicit loop over latent dimensions",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "total = torch.zeros(mu.shape[0], dtype=mu.dtype, device=mu.device)\n"
        "    for j in range(mu.shape[1]):\n"
        "        lv_j, mu_j = log_var[:, j], mu[:, j]\n"
        "        total = total + (lv_j.exp() + mu_j * mu_j - 1 - lv_j) / 2\n"
        "    return total",
    ),
    Mutant(
        "VAE loss with F.mse_loss / F.binary_cross_entropy (reduction='none') per example",
        "q3_vae_loss",
        '    if recon == "mse":\n'
        "        per_pixel = (x_rec - x) ** 2\n"
        "    else:\n"
        "        log_p = torch.clamp(torch.log(x_rec), min=-100.0)\n"
        "        log_q = torch.clamp(torch.log(1.0 - x_rec), min=-100.0)\n"
        "        per_pixel = -(x * log_p + (1.0 - x) * log_q)\n",
        '    if recon == "mse":\n'
        '        per_pixel = F.mse_loss(x_rec, x, reduction="none")\n'
        "    else:\n"
        '        per_pixel = F.binary_cross_entropy(x_rec, x, reduction="none")\n',
    ),
    Mutant(
        "VAE loss as a sum over everything divided by the batch size",
        "q3_vae_loss",
        "    rec = per_pixel.reshape(n, -1).sum(dim=1)\n"
        "    kl = 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)\n"
        "    return torch.mean(rec + kl)",
        "    kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())\n"
        "    return (per_pixel.sum() + kl) / n",
    ),
    Mutant(
        "transposed-convolution size from the lecture's dilate-and-pad picture",
        "q4_transposed_conv",
        "out = (n - 1) * s - 2 * p + k + output_padding",
        "dilated = (n - 1) * s + 1\n    out = dilated + 2 * (k - 1 - p) - k + 1 + output_padding",
    ),
    Mutant(
        "DCGAN shapes with the doubling written out (4 * 2**i)",
        "q4_transposed_conv",
        "    shapes = [(int(z_dim), 1, 1)]\n"
        "    size = 1\n"
        "    for i, c in enumerate(channels):\n"
        "        size = convtranspose_out(size, 4, 1, 0) if i == 0 else"
        " convtranspose_out(size, 4, 2, 1)\n"
        "        shapes.append((int(c), size, size))\n"
        "    return shapes",
        "    return [(z_dim, 1, 1)] + [(c, 4 * 2**i, 4 * 2**i) for i, c in enumerate(channels)]",
    ),
    Mutant(
        "autoencoder with torch.nn.Linear layers whose weights are copied from the draws",
        "q5_autoencoder",
        "    params = []\n"
        "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
        "        w = torch.randn((n_in, n_out), generator=g, dtype=torch.float64)"
        " / math.sqrt(n_in)\n"
        "        params.append(w.to(X.device).requires_grad_(True))\n"
        "        params.append(torch.zeros(n_out, dtype=torch.float64, device=X.device,"
        " requires_grad=True))\n"
        "    optimizer = torch.optim.Adam(params, lr=lr)\n"
        "    losses = []\n"
        "    for _ in range(steps):\n"
        "        Z = torch.tanh(X @ params[0] + params[1]) @ params[2] + params[3]\n"
        "        X_rec = torch.sigmoid(torch.tanh(Z @ params[4] + params[5]) @ params[6]"
        " + params[7])\n"
        "        loss = torch.mean((X_rec - X) ** 2)\n"
        "        losses.append(loss.item())\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "    return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "    layers = []\n"
        "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
        "        lin = torch.nn.utils.skip_init(torch.nn.Linear, n_in, n_out,"
        " dtype=torch.float64)\n"
        "        with torch.no_grad():\n"
        "            w = torch.randn((n_in, n_out), generator=g, dtype=torch.float64)\n"
        "            lin.weight.copy_((w / math.sqrt(n_in)).T)\n"
        "            lin.bias.zero_()\n"
        "        layers.append(lin)\n"
        "    model = torch.nn.Sequential(layers[0], torch.nn.Tanh(), layers[1], layers[2],"
        " torch.nn.Tanh(), layers[3], torch.nn.Sigmoid()).to(X.device)\n"
        "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
        "    losses = []\n"
        "    for _ in range(steps):\n"
        "        loss = F.mse_loss(model(X), X)\n"
        "        losses.append(float(loss))\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "    out = []\n"
        "    for lin in layers:\n"
        "        out += [lin.weight.detach().T.contiguous(), lin.bias.detach().clone()]\n"
        "    return tuple(out), np.array(losses)",
    ),
]

ALTERNATIVES += [
    Mutant(
        "autoencoder trained with Adam written by hand (torch.autograd.grad)",
        "q5_autoencoder",
        "    optimizer = torch.optim.Adam(params, lr=lr)\n"
        "    losses = []\n"
        "    for _ in range(steps):\n"
        "        Z = torch.tanh(X @ params[0] + params[1]) @ params[2] + params[3]\n"
        "        X_rec = torch.sigmoid(torch.tanh(Z @ params[4] + params[5]) @ params[6]"
        " + params[7])\n"
        "        loss = torch.mean((X_rec - X) ** 2)\n"
        "        losses.append(loss.item())\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n",
        "    m = [torch.zeros_like(q) for q in params]\n"
        "    v = [torch.zeros_like(q) for q in params]\n"
        "    losses = []\n"
        "    for step in range(1, steps + 1):\n"
        "        W1, b1, W2, b2, W3, b3, W4, b4 = params\n"
        "        H = torch.tanh(X @ W1 + b1)\n"
        "        X_rec = torch.sigmoid(torch.tanh((H @ W2 + b2) @ W3 + b3) @ W4 + b4)\n"
        "        loss = ((X_rec - X) ** 2).sum() / X.numel()\n"
        "        losses.append(float(loss))\n"
        "        grads = torch.autograd.grad(loss, params)\n"
        "        with torch.no_grad():\n"
        "            for q, gq, mq, vq in zip(params, grads, m, v):\n"
        "                mq.mul_(0.9).add_(0.1 * gq)\n"
        "                vq.mul_(0.999).add_(0.001 * gq * gq)\n"
        "                m_hat = mq / (1 - 0.9**step)\n"
        "                v_hat = vq / (1 - 0.999**step)\n"
        "                q -= lr * m_hat / (v_hat.sqrt() + 1e-8)\n",
    ),
]


# Wrong answers written from the task text alone, before the suite, each breaking one row of
# requirements.md; the name starts with the question and the row id.
VARIANTS = [
    # q1
    Mutant(
        "q1 stable: probabilities clamped to [1e-12, 1] before the log (finite, wrong at 800)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "p_real = torch.sigmoid(d_real_logits).clamp(min=1e-12)\n"
        "    p_fake = (1 - torch.sigmoid(d_fake_logits)).clamp(min=1e-12)\n"
        "    return -torch.log(p_real).mean() - torch.log(p_fake).mean()",
    ),
    Mutant(
        "q1 stable: F.binary_cross_entropy on sigmoid probabilities (log clamped at -100)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return F.binary_cross_entropy(torch.sigmoid(d_real_logits), torch.ones_like("
        "d_real_logits)) + F.binary_cross_entropy(torch.sigmoid(d_fake_logits), "
        "torch.zeros_like(d_fake_logits))",
    ),
    Mutant(
        "q1 sum-of-means: one mean over the concatenated real and fake batch",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return torch.cat([F.softplus(-d_real_logits), F.softplus(d_fake_logits)]).mean()",
    ),
    Mutant(
        "q1 sum-of-means: the two batch means averaged (Keras' 0.5 * (real + fake))",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return 0.5 * (F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean())",
    ),
    Mutant(
        "q1 g-sat: the saturating flag is ignored (always non-saturating)",
        "q1_gan_losses",
        "    if saturating:\n        return -F.softplus(d_fake_logits).mean()\n"
        "    return F.softplus(-d_fake_logits).mean()",
        "    return F.softplus(-d_fake_logits).mean()",
    ),
    Mutant(
        "q1 g-ns: non-saturating loss via log(sigmoid) (inf at f = -800)",
        "q1_gan_losses",
        "    return F.softplus(-d_fake_logits).mean()",
        "    return -torch.log(torch.sigmoid(d_fake_logits)).mean()",
    ),
    Mutant(
        "q1 zero-d: g_loss returns a Python float via .item()",
        "q1_gan_losses",
        "    return F.softplus(-d_fake_logits).mean()",
        "    return F.softplus(-d_fake_logits).mean().item()",
    ),
    Mutant(
        "q1 graph: d_loss rebuilt with torch.tensor (detached from the graph)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return torch.tensor(float(F.softplus(-d_real_logits).mean()"
        " + F.softplus(d_fake_logits).mean()))",
    ),
    Mutant(
        "q1 zero-d: d_loss keeps a (1,) shape (mean with keepdim)",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return F.softplus(-d_real_logits).mean(0, keepdim=True)"
        " + F.softplus(d_fake_logits).mean(0, keepdim=True)",
    ),
    Mutant(
        "q1 grad-value: closed-form gradient without the 1/n_f",
        "q1_gan_losses",
        "    n = d_fake_logits.shape[0]\n",
        "    n = 1\n",
    ),
    Mutant(
        "q1 grad-value: closed-form gradient with the wrong sign",
        "q1_gan_losses",
        "        return -torch.sigmoid(d_fake_logits) / n\n"
        "    return -torch.sigmoid(-d_fake_logits) / n",
        "        return torch.sigmoid(d_fake_logits) / n\n"
        "    return torch.sigmoid(-d_fake_logits) / n",
    ),
    Mutant(
        "q1 saturation: the two closed-form gradients swapped",
        "q1_gan_losses",
        "        return -torch.sigmoid(d_fake_logits) / n\n"
        "    return -torch.sigmoid(-d_fake_logits) / n",
        "        return -torch.sigmoid(-d_fake_logits) / n\n"
        "    return -torch.sigmoid(d_fake_logits) / n",
    ),
    Mutant(
        "q1 no-mutation: d_loss negates the real logits in place",
        "q1_gan_losses",
        "return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()",
        "return F.softplus(d_real_logits.neg_()).mean() + F.softplus(d_fake_logits).mean()",
    ),
    # q2
    Mutant(
        "q2 std-not-var: log_var used as the standard deviation",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "return mu + log_var * eps",
    ),
    Mutant(
        "q2 no-random: draws its own noise instead of using eps",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "return mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)",
    ),
    Mutant(
        "q2 reparam-grad: the standard deviation computed through NumPy (detached)",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "std = torch.tensor(np.exp(0.5 * log_var.detach().cpu().numpy()), device=mu.device)\n"
        "    return mu + std * eps",
    ),
    Mutant(
        "q2 no-mutation: scales eps in place",
        "q2_reparam_kl",
        "return mu + torch.exp(0.5 * log_var) * eps",
        "return eps.mul_(torch.exp(0.5 * log_var)).add_(mu)",
    ),
    Mutant(
        "q2 kl-value: the -1 is missing",
        "q2_reparam_kl",
        "torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "torch.exp(log_var) + mu**2 - log_var, dim=1)",
    ),
    Mutant(
        "q2 kl-value: the factor 1/2 is missing",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "return torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
    ),
    Mutant(
        "q2 kl-shape: averaged over the latent dimensions",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "return 0.5 * torch.mean(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
    ),
    Mutant(
        "q2 kl-shape: summed over the whole batch (one number)",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var)",
    ),
    Mutant(
        "q2 kl-finite: log of the computed variance (inf for log_var = -800)",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "var = torch.exp(log_var)\n"
        "    return 0.5 * torch.sum(var + mu**2 - 1.0 - torch.log(var), dim=1)",
    ),
    Mutant(
        "q2 kl-finite: torch.distributions.kl_divergence (log of an underflowed variance ratio)",
        "q2_reparam_kl",
        "return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "p = torch.distributions.Normal(mu, torch.exp(0.5 * log_var))\n"
        "    q = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))\n"
        "    return torch.distributions.kl_divergence(p, q).sum(dim=1)",
    ),
    # q3
    Mutant(
        "q3 batch-mean: reconstruction summed over the batch too (reduction='sum'), KL averaged",
        "q3_vae_loss",
        "        per_pixel = (x_rec - x) ** 2\n",
        "        per_pixel = n * (x_rec - x) ** 2\n",
    ),
    Mutant(
        "q3 mse-sum: half the squared error (Gaussian log-likelihood constant)",
        "q3_vae_loss",
        "        per_pixel = (x_rec - x) ** 2\n",
        "        per_pixel = 0.5 * (x_rec - x) ** 2\n",
    ),
    Mutant(
        "q3 bce-clamp: no clamp (log 0 gives inf or nan)",
        "q3_vae_loss",
        "        log_p = torch.clamp(torch.log(x_rec), min=-100.0)\n"
        "        log_q = torch.clamp(torch.log(1.0 - x_rec), min=-100.0)\n",
        "        log_p = torch.log(x_rec)\n        log_q = torch.log(1.0 - x_rec)\n",
    ),
    Mutant(
        "q3 bce-clamp: probabilities clipped to [1e-7, 1 - 1e-7] instead of the log at -100",
        "q3_vae_loss",
        "        log_p = torch.clamp(torch.log(x_rec), min=-100.0)\n"
        "        log_q = torch.clamp(torch.log(1.0 - x_rec), min=-100.0)\n",
        "        p = torch.clamp(x_rec, 1e-7, 1 - 1e-7)\n"
        "        log_p = torch.log(p)\n"
        "        log_q = torch.log(1.0 - p)\n",
    ),
    Mutant(
        "q3 bce-sum: target and prediction swapped in the cross-entropy",
        "q3_vae_loss",
        "        per_pixel = -(x * log_p + (1.0 - x) * log_q)\n",
        '        per_pixel = F.binary_cross_entropy(x, x_rec, reduction="none")\n',
    ),
    Mutant(
        "q3 images: sums only the second axis of an (N, C, H, W) batch",
        "q3_vae_loss",
        "rec = per_pixel.reshape(n, -1).sum(dim=1)",
        "rec = per_pixel.sum(dim=1)",
    ),
    Mutant(
        "q3 kl-term: KL averaged over the latent dimensions",
        "q3_vae_loss",
        "kl = 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "kl = 0.5 * torch.mean(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
    ),
    Mutant(
        "q3 kl-term: log_var read as log sigma (variance exp(2 log_var))",
        "q3_vae_loss",
        "kl = 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "kl = 0.5 * torch.sum(torch.exp(2 * log_var) + mu**2 - 1.0 - 2 * log_var, dim=1)",
    ),
    Mutant(
        "q3 raises: accepts upper-case names such as 'MSE'",
        "q3_vae_loss",
        '    if recon not in ("mse", "bce"):\n',
        '    recon = recon.lower()\n    if recon not in ("mse", "bce"):\n',
    ),
    Mutant(
        "q3 raises: the message does not name the rejected value",
        "q3_vae_loss",
        "raise ValueError(f\"recon must be 'mse' or 'bce', got {recon!r}\")",
        'raise ValueError("unknown reconstruction loss")',
    ),
    Mutant(
        "q3 raises: any other recon silently falls back to bce",
        "q3_vae_loss",
        '    if recon not in ("mse", "bce"):\n'
        "        raise ValueError(f\"recon must be 'mse' or 'bce', got {recon!r}\")\n",
        "",
    ),
    Mutant(
        "q3 grads: the KL term computed on detached mu and log_var",
        "q3_vae_loss",
        "kl = 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)",
        "mu_d, lv_d = mu.detach(), log_var.detach()\n"
        "    kl = 0.5 * torch.sum(torch.exp(lv_d) + mu_d**2 - 1.0 - lv_d, dim=1)",
    ),
    Mutant(
        "q3 default: recon defaults to bce",
        "q3_vae_loss",
        'def vae_loss(x, x_rec, mu, log_var, recon="mse"):',
        'def vae_loss(x, x_rec, mu, log_var, recon="bce"):',
    ),
    # q4
    Mutant(
        "q4 output-padding: output_padding added on both sides",
        "q4_transposed_conv",
        "out = (n - 1) * s - 2 * p + k + output_padding",
        "out = (n - 1) * s - 2 * p + k + 2 * output_padding",
    ),
    Mutant(
        "q4 formula: the convolution's formula (n + 2p - k) / s + 1",
        "q4_transposed_conv",
        "out = (n - 1) * s - 2 * p + k + output_padding",
        "out = (n + 2 * p - k) // s + 1 + output_padding",
    ),
    Mutant(
        "q4 int: returns a float from true division by 1",
        "q4_transposed_conv",
        "    return int(out)\n",
        "    return out / 1\n",
    ),
    Mutant(
        "q4 raises-op: output_padding >= s is accepted",
        "q4_transposed_conv",
        "    if output_padding < 0 or output_padding >= s:\n",
        "    if output_padding < 0:\n",
    ),
    Mutant(
        "q4 raises-op: the message does not mention output_padding",
        "q4_transposed_conv",
        'raise ValueError(f"output_padding must lie in 0..s-1, got {output_padding} with s={s}")',
        'raise ValueError("invalid arguments")',
    ),
    Mutant(
        "q4 raises-small: an output size of 0 is returned instead of raising",
        "q4_transposed_conv",
        "    if out < 1:\n",
        "    if out < 0:\n",
    ),
    Mutant(
        "q4 raises-args: negative padding accepted",
        "q4_transposed_conv",
        "    if p < 0:\n",
        "    if p < -100:\n",
    ),
    Mutant(
        "q4 raises-args: an input of length 0 is accepted",
        "q4_transposed_conv",
        "    if n < 1 or k < 1 or s < 1:\n",
        "    if n < 0 or k < 1 or s < 1:\n",
    ),
    Mutant(
        "q4 dcgan-list: lists instead of tuples",
        "q4_transposed_conv",
        "        shapes.append((int(c), size, size))\n",
        "        shapes.append([int(c), size, size])\n",
    ),
    Mutant(
        "q4 dcgan-list: the noise image is left out",
        "q4_transposed_conv",
        "    return shapes\n",
        "    return shapes[1:]\n",
    ),
    Mutant(
        "q4 dcgan-default: the channels argument is ignored (hard-coded ladder)",
        "q4_transposed_conv",
        "    for i, c in enumerate(channels):\n",
        "    for i, c in enumerate((1024, 512, 256, 128, 3)):\n",
    ),
    Mutant(
        "q4 dcgan-raises: empty channels returns only the noise image",
        "q4_transposed_conv",
        "    if len(channels) == 0:\n",
        "    if len(channels) < 0:\n",
    ),
    # q5
    Mutant(
        "q5 forward-value: tanh on the code (a non-linear bottleneck)",
        "q5_autoencoder",
        "    Z = torch.tanh(X @ W1 + b1) @ W2 + b2\n",
        "    Z = torch.tanh(torch.tanh(X @ W1 + b1) @ W2 + b2)\n",
    ),
    Mutant(
        "q5 forward-value: no sigmoid on the reconstruction",
        "q5_autoencoder",
        "    return Z, torch.sigmoid(torch.tanh(Z @ W3 + b3) @ W4 + b4)",
        "    return Z, torch.tanh(Z @ W3 + b3) @ W4 + b4",
    ),
    Mutant(
        "q5 forward-grad: the code is detached before decoding",
        "q5_autoencoder",
        "    return Z, torch.sigmoid(torch.tanh(Z @ W3 + b3) @ W4 + b4)",
        "    return Z, torch.sigmoid(torch.tanh(Z.detach() @ W3 + b3) @ W4 + b4)",
    ),
    Mutant(
        "q5 init: biases drawn from the generator too",
        "q5_autoencoder",
        "params.append(torch.zeros(n_out, dtype=torch.float64, device=X.device, "
        "requires_grad=True))",
        "params.append(torch.randn(n_out, generator=g, dtype=torch.float64).to(X.device)"
        ".requires_grad_(True))",
    ),
    Mutant(
        "q5 init: scaled by 1 / n_in instead of 1 / sqrt(n_in)",
        "q5_autoencoder",
        "/ math.sqrt(n_in)",
        "/ n_in",
    ),
    Mutant(
        "q5 seed: the generator is seeded with 0 whatever the seed",
        "q5_autoencoder",
        "g = torch.Generator().manual_seed(seed)",
        "g = torch.Generator().manual_seed(0)",
    ),
    Mutant(
        "q5 adam: lr ignored (Adam's default 1e-3)",
        "q5_autoencoder",
        "optimizer = torch.optim.Adam(params, lr=lr)",
        "optimizer = torch.optim.Adam(params)",
    ),
    Mutant(
        "q5 adam: plain SGD instead of Adam",
        "q5_autoencoder",
        "optimizer = torch.optim.Adam(params, lr=lr)",
        "optimizer = torch.optim.SGD(params, lr=lr)",
    ),
    Mutant(
        "q5 adam: squared error summed instead of averaged",
        "q5_autoencoder",
        "        loss = torch.mean((X_rec - X) ** 2)\n",
        "        loss = torch.sum((X_rec - X) ** 2)\n",
    ),
    Mutant(
        "q5 losses: records the loss after the update",
        "q5_autoencoder",
        "        losses.append(loss.item())\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n",
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "        with torch.no_grad():\n"
        "            Z = torch.tanh(X @ params[0] + params[1]) @ params[2] + params[3]\n"
        "            H = torch.tanh(Z @ params[4] + params[5])\n"
        "            X_new = torch.sigmoid(H @ params[6] + params[7])\n"
        "            losses.append(torch.mean((X_new - X) ** 2).item())\n",
    ),
    Mutant(
        "q5 steps: one update more than asked",
        "q5_autoencoder",
        "    for _ in range(steps):\n",
        "    for _ in range(steps + 1):\n",
    ),
    Mutant(
        "q5 float64: trains in float32",
        "q5_autoencoder",
        "    d = X.shape[1]\n",
        "    X = X.float()\n    d = X.shape[1]\n",
    ),
    Mutant(
        "q5 returned: the trained tensors are returned without detaching",
        "q5_autoencoder",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(params), np.array(losses, dtype=np.float64)",
    ),
    Mutant(
        "q5 losses-type: losses returned as a Python list",
        "q5_autoencoder",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(p.detach() for p in params), losses",
    ),
    Mutant(
        "q5 defaults: hidden defaults to 32",
        "q5_autoencoder",
        "def train_autoencoder(X, latent_dim, seed, steps=200, lr=0.01, hidden=16):",
        "def train_autoencoder(X, latent_dim, seed, steps=200, lr=0.01, hidden=32):",
    ),
    Mutant(
        "q5 no-mutation: X clamped to [0, 1] in place",
        "q5_autoencoder",
        "    d = X.shape[1]\n",
        "    X.clamp_(0.0, 1.0 - 1e-3)\n    d = X.shape[1]\n",
    ),
    Mutant(
        "q5 global-rng: builds torch.nn.Linear layers (drawing from the global generator)",
        "q5_autoencoder",
        "        params.append(w.to(X.device).requires_grad_(True))\n",
        "        torch.nn.Linear(n_in, n_out)  # built, then its weights overwritten by w\n"
        "        params.append(w.to(X.device).requires_grad_(True))\n",
    ),
]
