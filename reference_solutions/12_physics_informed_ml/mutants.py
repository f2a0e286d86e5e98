"""Known wrong answers (mutants) and alternative correct answers for 12_physics_informed_ml.

The wrong answers come from the catalog's pitfalls for chapter 15: derivatives taken without
create_graph=True (the loss can no longer be differentiated through them), (N, 1) against (N,)
shapes that broadcast to (N, N), second derivatives without graph retention, float32 noise,
derivatives with respect to the wrong one of two separate inputs (Burgers' x and t), the
lecture's mpmath quadrature of the box function's coefficients (5e-3 off), and integrators
that do not conserve energy (explicit Euler instead of velocity Verlet).
"""

from __future__ import annotations

from autograder.authoring import Mutant

LOSS1 = "return torch.mean((du - F(x, u)) ** 2)"
GRAD1 = "(du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)"
D2U = "(d2u,) = torch.autograd.grad(du, x, grad_outputs=torch.ones_like(du), create_graph=True)"
ENDS2 = "ends = net(torch.tensor([[0.0], [1.0]], dtype=x_col.dtype, device=x_col.device))"
RET2 = "return residual + (ends[0, 0] - u0) ** 2 + (ends[1, 0] - u1) ** 2"
RES3 = "return u_t + u * u_x - nu * u_xx"
NET4 = "return torch.tanh(x @ W1 + b1) @ W2 + b2"
LOSS4 = (
    "            torch.mean((d2u + a * du - b) ** 2)\n"
    "            + (u_ends[0, 0] - u0) ** 2\n"
    "            + (u_ends[1, 0] - u1) ** 2\n"
)
COEF5 = "return np.concatenate(([float(w)], 2.0 * np.sin(n * np.pi * w) / (n * np.pi)))"
FF5 = "return torch.cat([torch.cos(proj), torch.sin(proj)], dim=1)"
STEP6 = (
    "        x = x + dt * v + 0.5 * dt**2 * acc\n"
    "        acc_new = np.asarray(force(x), dtype=np.float64) / m\n"
    "        v = v + 0.5 * dt * (acc + acc_new)\n"
)

MUTANTS = [
    # q1
    Mutant(
        "derivative without create_graph=True (the loss is not differentiable through it)",
        "q1_lagaris",
        GRAD1,
        GRAD1.replace("create_graph=True", "create_graph=False"),
    ),
    Mutant(
        "the derivative flattened to (N,): (N,) - (N, 1) broadcasts to (N, N)",
        "q1_lagaris",
        LOSS1,
        "return torch.mean((du.reshape(-1) - F(x, u)) ** 2)",
    ),
    Mutant(
        "trial function u0 + N(x) without the factor x (the initial condition is not exact)",
        "q1_lagaris",
        "return u0 + x * net(x)",
        "return u0 + net(x)",
    ),
    # q2
    Mutant(
        "second derivative without create_graph=True",
        "q2_pinn_loss",
        D2U,
        D2U.replace("create_graph=True", "create_graph=False"),
    ),
    Mutant(
        "first derivative without create_graph=True (u' cannot be differentiated again)",
        "q2_pinn_loss",
        "(du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)\n"
        "    (d2u,)",
        "(du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u))\n    (d2u,)",
    ),
    Mutant(
        "float32 collocation points (float32 noise in every derivative)",
        "q2_pinn_loss",
        "x = x_col if x_col.requires_grad else x_col.detach().requires_grad_(True)",
        "x = x_col.detach().float().requires_grad_(True)",
    ),
    Mutant(
        "the boundary terms left out (pure residual loss)",
        "q2_pinn_loss",
        RET2,
        "return residual",
    ),
    # q3
    Mutant(
        "u_t taken with respect to x (one input instead of two separate ones)",
        "q3_burgers",
        "u_t = _d(u, t)",
        "u_t = _d(u, x)",
    ),
    Mutant(
        "u_xx as the mixed derivative of u_x with respect to t",
        "q3_burgers",
        "u_xx = _d(u_x, x)",
        "u_xx = _d(u_x, t)",
    ),
    Mutant(
        "the viscous term with the wrong sign (u_t + u u_x + nu u_xx)",
        "q3_burgers",
        RES3,
        "return u_t + u * u_x + nu * u_xx",
    ),
    Mutant(
        "default viscosity 0.01 instead of 0.01 / pi",
        "q3_burgers",
        "def burgers_residual(u_fn, x, t, nu=0.01 / np.pi):",
        "def burgers_residual(u_fn, x, t, nu=0.01):",
    ),
    # q4
    Mutant(
        "optimizer.zero_grad() forgotten: gradients accumulate",
        "q4_train_pinn",
        "        optimizer.zero_grad()\n",
        "",
    ),
    Mutant(
        "second derivative without create_graph=True in training (its term gets no gradient)",
        "q4_train_pinn",
        D2U.replace("(d2u,)", "        (d2u,)"),
        D2U.replace("(d2u,)", "        (d2u,)").replace(", create_graph=True", ""),
    ),
    Mutant(
        "training in float32 (the parameters cast with .float())",
        "q4_train_pinn",
        "params = [p.detach().clone().requires_grad_(True) for p in params0]",
        "params = [p.detach().float().clone().requires_grad_(True) for p in params0]\n"
        "    x_col = x_col.float()",
    ),
    Mutant(
        "boundary penalties left out of the training loss",
        "q4_train_pinn",
        LOSS4,
        "            torch.mean((d2u + a * du - b) ** 2)\n",
    ),
    # q5
    Mutant(
        "the lecture's mpmath.fourier quadrature instead of the closed form (5e-3 off)",
        "q5_fourier",
        COEF5,
        "import mpmath\n"
        "    cos_mp, _ = mpmath.fourier(lambda s: 1 if abs(s) < w else 0, [-1, 1], N)\n"
        "    return np.array([float(c) for c in cos_mp])",
    ),
    Mutant(
        "a_0 = 2w (the convention f = a_0 / 2 + ... mixed up)",
        "q5_fourier",
        "[float(w)]",
        "[2.0 * w]",
    ),
    Mutant(
        "Fourier features without the factor 2 pi",
        "q5_fourier",
        "proj = 2.0 * math.pi * (x @ B.T)",
        "proj = x @ B.T",
    ),
    Mutant(
        "sine and cosine columns interleaved",
        "q5_fourier",
        FF5,
        "return torch.stack([torch.cos(proj), torch.sin(proj)], dim=2).reshape(x.shape[0], -1)",
    ),
    # q6
    Mutant(
        "explicit Euler instead of velocity Verlet (energy drifts)",
        "q6_verlet_energy",
        STEP6,
        "        x, v = x + dt * v, v + dt * acc\n"
        "        acc_new = np.asarray(force(x), dtype=np.float64) / m\n",
    ),
    Mutant(
        "velocity updated with the old acceleration only",
        "q6_verlet_energy",
        "v = v + 0.5 * dt * (acc + acc_new)",
        "v = v + dt * acc",
    ),
    Mutant(
        "the mass ignored in the acceleration",
        "q6_verlet_energy",
        "acc_new = np.asarray(force(x), dtype=np.float64) / m",
        "acc_new = np.asarray(force(x), dtype=np.float64)",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "q1: the derivative as the gradient of u.sum(), the loss by F.mse_loss",
        "q1_lagaris",
        GRAD1 + "\n    " + LOSS1,
        "(du,) = torch.autograd.grad(u.sum(), x, create_graph=True)\n"
        "    return torch.nn.functional.mse_loss(du, F(x, u))",
    ),
    Mutant(
        "q1: the trial function from the answer's own lagaris_trial, x cloned when it needs grad",
        "q1_lagaris",
        "    if not x.requires_grad:\n        x = x.detach().requires_grad_(True)\n"
        "    u = u0 + x * net(x)\n",
        "    x = x if x.requires_grad else x.clone().requires_grad_(True)\n"
        "    u = lagaris_trial(net, x, u0)\n",
    ),
    Mutant(
        "q2: the exact solution written with the fraction (exp(-a x) - 1) / (exp(-a) - 1)",
        "q2_pinn_loss",
        "    c2 = (u1 - u0 - b / a) / (math.exp(-a) - 1.0)\n"
        "    c1 = u0 - c2\n"
        "    return c1 + c2 * torch.exp(-a * x) + (b / a) * x\n",
        "    ratio = torch.expm1(-a * x) / math.expm1(-a)\n"
        "    return u0 + (u1 - u0 - b / a) * ratio + (b / a) * x\n",
    ),
    Mutant(
        "q2: the network evaluated at each boundary point separately",
        "q2_pinn_loss",
        ENDS2 + "\n    " + RET2,
        "left = net(torch.zeros((1, 1), dtype=x_col.dtype, device=x_col.device))\n"
        "    right = net(torch.ones((1, 1), dtype=x_col.dtype, device=x_col.device))\n"
        "    return residual + ((left - u0) ** 2).sum() + ((right - u1) ** 2).sum()",
    ),
    Mutant(
        "q3: both first derivatives in one autograd call with materialize_grads",
        "q3_burgers",
        "    u_t = _d(u, t)\n    u_x = _d(u, x)\n",
        "    u_x, u_t = torch.autograd.grad(\n"
        "        u, (x, t), torch.ones_like(u), create_graph=True, materialize_grads=True\n"
        "    )\n",
    ),
    Mutant(
        "q3: vanishing derivatives handled by try/except instead of allow_unused",
        "q3_burgers",
        "        (g,) = torch.autograd.grad(\n"
        "            y, v, grad_outputs=torch.ones_like(y), create_graph=True, allow_unused=True\n"
        "        )\n"
        "        return torch.zeros_like(v) if g is None else g\n",
        "        try:\n"
        "            return torch.autograd.grad(y.sum(), v, create_graph=True)[0]\n"
        "        except RuntimeError:\n"
        "            return torch.zeros_like(v)\n",
    ),
    Mutant(
        "q4: derivatives of the tanh network written by hand instead of autograd",
        "q4_train_pinn",
        "        u = pinn_net(params, x)\n"
        "        (du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), "
        "create_graph=True)\n"
        "        (d2u,) = torch.autograd.grad(du, x, grad_outputs=torch.ones_like(du), "
        "create_graph=True)\n",
        "        W1, b1, W2, b2 = params\n"
        "        h = torch.tanh(x_col @ W1 + b1)\n"
        "        du = ((1 - h**2) * W1) @ W2\n"
        "        d2u = (-2 * h * (1 - h**2) * W1**2) @ W2\n",
    ),
    Mutant(
        "q4: Adam written out by hand (bias-corrected moments, eps 1e-8), gradients by "
        "torch.autograd.grad",
        "q4_train_pinn",
        "        losses.append(loss.item())\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n",
        "        losses.append(loss.item())\n"
        "        grads = torch.autograd.grad(loss, params)\n"
        "        k = len(losses)\n"
        "        if k == 1:\n"
        "            moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]\n"
        "        with torch.no_grad():\n"
        "            for p, g, (m1, m2) in zip(params, grads, moments):\n"
        "                m1.mul_(0.9).add_(0.1 * g)\n"
        "                m2.mul_(0.999).add_(0.001 * g * g)\n"
        "                m_hat = m1 / (1 - 0.9**k)\n"
        "                v_hat = m2 / (1 - 0.999**k)\n"
        "                p -= lr * m_hat / (v_hat.sqrt() + 1e-8)\n",
    ),
    Mutant(
        "q5: the coefficients by 2 w sinc(n w)",
        "q5_fourier",
        COEF5,
        "return np.concatenate(([float(w)], 2.0 * w * np.sinc(n * w)))",
    ),
    Mutant(
        "q5: features by hstack and an explicit 2 pi x B^T with torch.matmul",
        "q5_fourier",
        "    proj = 2.0 * math.pi * (x @ B.T)\n    " + FF5,
        "    proj = torch.matmul(x, B.transpose(0, 1)) * (2 * math.pi)\n"
        "    return torch.hstack((proj.cos(), proj.sin()))",
    ),
    Mutant(
        "q6: the kinetic energy by einsum",
        "q6_verlet_energy",
        "    kinetic = 0.5 * m * np.sum(np.asarray(vs, dtype=np.float64) ** 2, axis=1)\n",
        "    kinetic = 0.5 * m * np.einsum('ij,ij->i', vs, vs)\n",
    ),
]


ALTERNATIVES += [
    Mutant(
        "q6: positions and velocities collected in lists, force / m folded into the update",
        "q6_verlet_energy",
        "    xs = np.empty((n + 1, x.size))\n"
        "    vs = np.empty((n + 1, x.size))\n"
        "    xs[0], vs[0] = x, v\n"
        "    acc = np.asarray(force(x), dtype=np.float64) / m\n"
        "    for k in range(n):\n"
        "        x = x + dt * v + 0.5 * dt**2 * acc\n"
        "        acc_new = np.asarray(force(x), dtype=np.float64) / m\n"
        "        v = v + 0.5 * dt * (acc + acc_new)\n"
        "        acc = acc_new\n"
        "        xs[k + 1], vs[k + 1] = x, v\n"
        "    return xs, vs\n",
        "    xs, vs = [x], [v]\n"
        "    f_old = np.asarray(force(x), dtype=np.float64)\n"
        "    for _ in range(n):\n"
        "        x = x + dt * v + dt * dt * f_old / (2 * m)\n"
        "        f_new = np.asarray(force(x), dtype=np.float64)\n"
        "        v = v + dt * (f_old + f_new) / (2 * m)\n"
        "        f_old = f_new\n"
        "        xs.append(x)\n"
        "        vs.append(v)\n"
        "    return np.array(xs), np.array(vs)\n",
    ),
]


# Wrong answers written from the task text alone, before the suite, each breaking one row of
# requirements.md; the name starts with the question and the row id.
VARIANTS = [
    # q1
    Mutant(
        "q1 trial-shape: the trial function flattened to (N,)",
        "q1_lagaris",
        "    return u0 + x * net(x)\n",
        "    return (u0 + x * net(x)).reshape(-1)\n",
    ),
    Mutant(
        "q1 x-grad: x always replaced by a detached copy (the loss does not reach the caller's x)",
        "q1_lagaris",
        "    if not x.requires_grad:\n        x = x.detach().requires_grad_(True)\n",
        "    x = x.detach().requires_grad_(True)\n",
    ),
    Mutant(
        "q1 no-mutation: requires_grad_ switched on the caller's x",
        "q1_lagaris",
        "        x = x.detach().requires_grad_(True)\n",
        "        x.requires_grad_(True)\n",
    ),
    Mutant(
        "q1 loss-value: squared residuals summed instead of averaged",
        "q1_lagaris",
        LOSS1,
        "return torch.sum((du - F(x, u)) ** 2)",
    ),
    Mutant(
        "q1 loss-value: root mean square residual",
        "q1_lagaris",
        LOSS1,
        "return torch.sqrt(torch.mean((du - F(x, u)) ** 2))",
    ),
    Mutant(
        "q1 loss-value: the right side evaluated at the network, F(x, N(x))",
        "q1_lagaris",
        LOSS1,
        "return torch.mean((du - F(x, net(x))) ** 2)",
    ),
    Mutant(
        "q1 loss-value: the derivative of the network instead of the trial function",
        "q1_lagaris",
        GRAD1,
        "n_x = net(x)\n"
        "    (du,) = torch.autograd.grad(n_x, x, grad_outputs=torch.ones_like(n_x), "
        "create_graph=True)",
    ),
    Mutant(
        "q1 zero-d: the mean over the points only, a tensor of shape (1,)",
        "q1_lagaris",
        LOSS1,
        "return torch.mean((du - F(x, u)) ** 2, dim=0)",
    ),
    Mutant(
        "q1 create-graph: the derivative detached after the autograd call",
        "q1_lagaris",
        LOSS1,
        "return torch.mean((du.detach() - F(x, u)) ** 2)",
    ),
    # q2
    Mutant(
        "q2 exact-value: C2 with the denominator 1 - exp(-a)",
        "q2_pinn_loss",
        "c2 = (u1 - u0 - b / a) / (math.exp(-a) - 1.0)",
        "c2 = (u1 - u0 - b / a) / (1.0 - math.exp(-a))",
    ),
    Mutant(
        "q2 exact-a0: no special case for a = 0 (ZeroDivisionError)",
        "q2_pinn_loss",
        "    if a == 0:\n        return u0 + (u1 - u0 - 0.5 * b) * x + 0.5 * b * x**2\n",
        "",
    ),
    Mutant(
        "q2 exact-a0: the parabola with + b/2 in the linear coefficient",
        "q2_pinn_loss",
        "return u0 + (u1 - u0 - 0.5 * b) * x + 0.5 * b * x**2",
        "return u0 + (u1 - u0 + 0.5 * b) * x + 0.5 * b * x**2",
    ),
    Mutant(
        "q2 exact-diff: the exponential computed in NumPy (not differentiable)",
        "q2_pinn_loss",
        "return c1 + c2 * torch.exp(-a * x) + (b / a) * x",
        "e = torch.as_tensor(np.exp(-a * x.detach().cpu().numpy()), device=x.device)\n"
        "    return c1 + c2 * e + (b / a) * x",
    ),
    Mutant(
        "q2 residual-mean: the two boundary terms averaged (0.5 each)",
        "q2_pinn_loss",
        RET2,
        "return residual + 0.5 * ((ends[0, 0] - u0) ** 2 + (ends[1, 0] - u1) ** 2)",
    ),
    Mutant(
        "q2 residual-mean: the squared residuals summed over the points",
        "q2_pinn_loss",
        "residual = torch.mean((d2u + a * du - b) ** 2)",
        "residual = torch.sum((d2u + a * du - b) ** 2)",
    ),
    Mutant(
        "q2 loss-value: the equation read as u'' - a u' = b",
        "q2_pinn_loss",
        "residual = torch.mean((d2u + a * du - b) ** 2)",
        "residual = torch.mean((d2u - a * du - b) ** 2)",
    ),
    Mutant(
        "q2 loss-value: the boundary conditions imposed at the first and last collocation points",
        "q2_pinn_loss",
        ENDS2,
        "ends = net(torch.cat([x_col[:1], x_col[-1:]]))",
    ),
    Mutant(
        "q2 x-rule: x_col always replaced by a detached copy",
        "q2_pinn_loss",
        "x = x_col if x_col.requires_grad else x_col.detach().requires_grad_(True)",
        "x = x_col.detach().requires_grad_(True)",
    ),
    Mutant(
        "q2 graph: the loss rebuilt from loss.item() (cut from the graph)",
        "q2_pinn_loss",
        RET2,
        "return torch.tensor((residual + (ends[0, 0] - u0) ** 2 + (ends[1, 0] - u1) ** 2).item())",
    ),
    # q3
    Mutant(
        "q3 vanishing: no allow_unused, a derivative that vanishes identically raises",
        "q3_burgers",
        "        if not y.requires_grad:\n            return torch.zeros_like(v)\n"
        "        (g,) = torch.autograd.grad(\n"
        "            y, v, grad_outputs=torch.ones_like(y), create_graph=True, allow_unused=True\n"
        "        )\n",
        "        (g,) = torch.autograd.grad(\n"
        "            y, v, grad_outputs=torch.ones_like(y), create_graph=True\n"
        "        )\n",
    ),
    Mutant(
        "q3 no-raise: allow_unused but no test for an output that does not require grad",
        "q3_burgers",
        "        if not y.requires_grad:\n            return torch.zeros_like(v)\n",
        "",
    ),
    Mutant(
        "q3 value: the convection term with a minus sign",
        "q3_burgers",
        RES3,
        "return u_t - u * u_x - nu * u_xx",
    ),
    Mutant(
        "q3 value: nu multiplies u_x instead of u_xx",
        "q3_burgers",
        RES3,
        "return u_t + u * u_x - nu * u_x",
    ),
    Mutant(
        "q3 separate: x and t swapped in the derivatives",
        "q3_burgers",
        "    u_t = _d(u, t)\n    u_x = _d(u, x)\n",
        "    u_t = _d(u, x)\n    u_x = _d(u, t)\n",
    ),
    Mutant(
        "q3 x-rule: x and t always replaced by detached copies",
        "q3_burgers",
        "    if not x.requires_grad:\n        x = x.detach().requires_grad_(True)\n"
        "    if not t.requires_grad:\n        t = t.detach().requires_grad_(True)\n",
        "    x = x.detach().requires_grad_(True)\n    t = t.detach().requires_grad_(True)\n",
    ),
    Mutant(
        "q3 graph: the residual returned detached",
        "q3_burgers",
        RES3,
        "return (u_t + u * u_x - nu * u_xx).detach()",
    ),
    Mutant(
        "q3 graph: the residual flattened to (N,)",
        "q3_burgers",
        RES3,
        "return (u_t + u * u_x - nu * u_xx).reshape(-1)",
    ),
    # q4
    Mutant(
        "q4 net-value: the output bias b2 forgotten",
        "q4_train_pinn",
        NET4,
        "return torch.tanh(x @ W1 + b1) @ W2",
    ),
    Mutant(
        "q4 net-shape: the network's output flattened to (N,)",
        "q4_train_pinn",
        NET4,
        "return (torch.tanh(x @ W1 + b1) @ W2 + b2).reshape(-1)",
    ),
    Mutant(
        "q4 adam: Adam with betas (0.9, 0.99)",
        "q4_train_pinn",
        "optimizer = torch.optim.Adam(params, lr=lr)",
        "optimizer = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.99))",
    ),
    Mutant(
        "q4 adam: plain SGD instead of Adam",
        "q4_train_pinn",
        "optimizer = torch.optim.Adam(params, lr=lr)",
        "optimizer = torch.optim.SGD(params, lr=lr)",
    ),
    Mutant(
        "q4 steps: one update too many",
        "q4_train_pinn",
        "    for _ in range(steps):\n",
        "    for _ in range(steps + 1):\n",
    ),
    Mutant(
        "q4 losses: the loss recorded after the update, recomputed from the new parameters",
        "q4_train_pinn",
        "        losses.append(loss.item())\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n",
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "        with torch.no_grad():\n"
        "            u_e = pinn_net(params, ends)\n"
        "        u2 = pinn_net(params, x)\n"
        "        (g1,) = torch.autograd.grad(u2, x, torch.ones_like(u2), create_graph=True)\n"
        "        (g2,) = torch.autograd.grad(g1, x, torch.ones_like(g1))\n"
        "        losses.append(float(torch.mean((g2 + a * g1 - b) ** 2)"
        " + (u_e[0, 0] - u0) ** 2 + (u_e[1, 0] - u1) ** 2))\n",
    ),
    Mutant(
        "q4 copies: trains the caller's tensors in place",
        "q4_train_pinn",
        "params = [p.detach().clone().requires_grad_(True) for p in params0]",
        "params = [p.requires_grad_(True) for p in params0]",
    ),
    Mutant(
        "q4 returned: the parameters returned still requiring grad",
        "q4_train_pinn",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(params), np.array(losses, dtype=np.float64)",
    ),
    Mutant(
        "q4 returned: the losses as a Python list",
        "q4_train_pinn",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(p.detach() for p in params), losses",
    ),
    Mutant(
        "q4 loss: the two boundary terms averaged (0.5 each)",
        "q4_train_pinn",
        LOSS4,
        "            torch.mean((d2u + a * du - b) ** 2)\n"
        "            + 0.5 * ((u_ends[0, 0] - u0) ** 2 + (u_ends[1, 0] - u1) ** 2)\n",
    ),
    Mutant(
        "q4 loss: boundary conditions imposed at the first and last collocation points",
        "q4_train_pinn",
        "        u_ends = pinn_net(params, ends)\n",
        "        u_ends = pinn_net(params, torch.cat([x_col[:1], x_col[-1:]]))\n",
    ),
    # q5
    Mutant(
        "q5 coeff-value: a_n without the factor 2",
        "q5_fourier",
        "2.0 * np.sin(n * np.pi * w) / (n * np.pi)",
        "np.sin(n * np.pi * w) / (n * np.pi)",
    ),
    Mutant(
        "q5 coeff-type: N coefficients a_0 .. a_{N-1}",
        "q5_fourier",
        "n = np.arange(1, N + 1, dtype=np.float64)",
        "n = np.arange(1, N, dtype=np.float64)",
    ),
    Mutant(
        "q5 coeff-type: the coefficients as a Python list",
        "q5_fourier",
        COEF5,
        "return [float(w)] + [float(c) for c in 2.0 * np.sin(n * np.pi * w) / (n * np.pi)]",
    ),
    Mutant(
        "q5 coeff-raises: w = 1 rejected (open interval)",
        "q5_fourier",
        "if not 0.0 <= w <= 1.0:",
        "if not 0.0 <= w < 1.0:",
    ),
    Mutant(
        "q5 coeff-raises: w outside [0, 1] accepted",
        "q5_fourier",
        '    if not 0.0 <= w <= 1.0:\n        raise ValueError(f"w must lie in [0, 1], got {w}")\n',
        "",
    ),
    Mutant(
        "q5 coeff-value: the half-width ignored (always the lecture's w = 1/2)",
        "q5_fourier",
        COEF5,
        "return np.concatenate(([0.5], 2.0 * np.sin(n * np.pi / 2) / (n * np.pi)))",
    ),
    Mutant(
        "q5 ff-order: sine columns first",
        "q5_fourier",
        FF5,
        "return torch.cat([torch.sin(proj), torch.cos(proj)], dim=1)",
    ),
    Mutant(
        "q5 ff-value: x B instead of x B^T (square B)",
        "q5_fourier",
        "proj = 2.0 * math.pi * (x @ B.T)",
        "proj = 2.0 * math.pi * (x @ B)",
    ),
    Mutant(
        "q5 ff-grad: features computed in NumPy",
        "q5_fourier",
        FF5,
        "p = proj.detach().cpu().numpy()\n"
        "    return torch.as_tensor(np.concatenate([np.cos(p), np.sin(p)], axis=1))",
    ),
    # q6
    Mutant(
        "q6 verlet: the position update without the 1/2",
        "q6_verlet_energy",
        "x = x + dt * v + 0.5 * dt**2 * acc",
        "x = x + dt * v + dt**2 * acc",
    ),
    Mutant(
        "q6 verlet: velocity updated with the new acceleration only",
        "q6_verlet_energy",
        "v = v + 0.5 * dt * (acc + acc_new)",
        "v = v + dt * acc_new",
    ),
    Mutant(
        "q6 one-force: the force evaluated again at the start of every step",
        "q6_verlet_energy",
        "    for k in range(n):\n        x = x + dt * v + 0.5 * dt**2 * acc\n",
        "    for k in range(n):\n"
        "        acc = np.asarray(force(x), dtype=np.float64) / m\n"
        "        x = x + dt * v + 0.5 * dt**2 * acc\n",
    ),
    Mutant(
        "q6 mass: the force multiplied by m",
        "q6_verlet_energy",
        "acc_new = np.asarray(force(x), dtype=np.float64) / m",
        "acc_new = np.asarray(force(x), dtype=np.float64) * m",
    ),
    Mutant(
        "q6 verlet-shape: the start left out (n rows)",
        "q6_verlet_energy",
        "    return xs, vs\n",
        "    return xs[1:], vs[1:]\n",
    ),
    Mutant(
        "q6 energy-value: kinetic energy without the 1/2",
        "q6_verlet_energy",
        "kinetic = 0.5 * m * np.sum(",
        "kinetic = m * np.sum(",
    ),
    Mutant(
        "q6 energy-value: the mass left out of the kinetic energy",
        "q6_verlet_energy",
        "kinetic = 0.5 * m * np.sum(",
        "kinetic = 0.5 * np.sum(",
    ),
    Mutant(
        "q6 energy-value: the potential called once on the whole array of positions",
        "q6_verlet_energy",
        "return kinetic + np.array([float(potential(x)) for x in xs])",
        "return kinetic + potential(xs)",
    ),
    Mutant(
        "q6 no-mutation: x0 and v0 updated in place",
        "q6_verlet_energy",
        "    x = np.array(x0, dtype=np.float64)\n"
        "    v = np.array(v0, dtype=np.float64)\n"
        "    xs = np.empty((n + 1, x.size))\n"
        "    vs = np.empty((n + 1, x.size))\n"
        "    xs[0], vs[0] = x, v\n"
        "    acc = np.asarray(force(x), dtype=np.float64) / m\n"
        "    for k in range(n):\n"
        "        x = x + dt * v + 0.5 * dt**2 * acc\n"
        "        acc_new = np.asarray(force(x), dtype=np.float64) / m\n"
        "        v = v + 0.5 * dt * (acc + acc_new)\n",
        "    x = np.asarray(x0)\n"
        "    v = np.asarray(v0)\n"
        "    xs = np.empty((n + 1, x.size))\n"
        "    vs = np.empty((n + 1, x.size))\n"
        "    xs[0], vs[0] = x, v\n"
        "    acc = np.asarray(force(x), dtype=np.float64) / m\n"
        "    for k in range(n):\n"
        "        x += dt * v + 0.5 * dt**2 * acc\n"
        "        acc_new = np.asarray(force(x.copy()), dtype=np.float64) / m\n"
        "        v += 0.5 * dt * (acc + acc_new)\n",
    ),
    Mutant(
        "q6 energy-shape: the energies as a column (n + 1, 1)",
        "q6_verlet_energy",
        "return kinetic + np.array([float(potential(x)) for x in xs])",
        "return (kinetic + np.array([float(potential(x)) for x in xs])).reshape(-1, 1)",
    ),
]
